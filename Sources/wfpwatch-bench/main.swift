import Foundation

// wfpwatch-bench: the benchmark and evaluation harness of the correlation engine.
let options: Set<String> = [
    "--seed", "--hosts", "--days", "--beacons-per-cell", "--keys", "--cap", "--false-alarm-rate",
    "--maximum-jitter-percent",
]
do {
    let arguments = try BenchArguments(
        Array(CommandLine.arguments.dropFirst()), known: options.union(IngestCommand.options))
    switch arguments.command {
    case "evaluate":
        EvaluateCommand.run(try arguments.scenario(defaultHosts: 100, defaultDays: 3))
    case "engine":
        EngineBenchmark.run(try arguments.scenario(defaultHosts: 500, defaultDays: 1))
    case "flood":
        FloodBenchmark.run(
            keys: try arguments.integer("--keys", default: 10_000_000), cap: try arguments.integer("--cap", default: 0))
    case "ingest-generate":
        try IngestCommand.generate(arguments)
    case "ingest-send":
        try IngestCommand.send(arguments)
    case "help", "--help", "-h":
        print(BenchArguments.usage)
    default:
        FileHandle.standardError.write(Data("unknown command '\(arguments.command)'\n\(BenchArguments.usage)\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("wfpwatch-bench: \(error)\n".utf8))
    exit(64)
}
