import Detection
import EventDecoding
import Evaluation
import Foundation

/// `wfpwatch-bench engine`: events per second of the correlation engine alone on one core,
/// and resident bytes per tracked key. Events are generated in chunks outside the
/// timed section, so only `process(_:)` is measured.
enum EngineBenchmark {
    static let chunkEvents = 65_536

    static func run(_ options: ScenarioOptions) {
        var scenario = ScenarioConfiguration()
        scenario.seed = options.seed
        scenario.hosts = max(options.hosts, 1)
        scenario.days = options.days
        scenario.beaconsPerCell = 4
        scenario.workHoursBeaconsPerCell = 2

        let configuration = CorrelationConfiguration()
        let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())
        var generator = StreamGenerator(configuration: scenario)
        var chunk: [NormalizedEvent] = []
        chunk.reserveCapacity(chunkEvents)

        var engine = CorrelationEngine(configuration: configuration, rules: rules)
        let residentBefore = ProcessMemory.residentBytes()
        let (events, findings, engineTime) = drive(&engine, generator: &generator, chunk: &chunk)
        let residentAfter = ProcessMemory.residentBytes()

        let keys = Int(engine.trackedKeyCount)
        let seconds = Double(engineTime.nanosecondsTotal) / 1e9
        print("## wfpwatch engine benchmark (seed \(scenario.seed), \(scenario.hosts) hosts, "
            + "\(EvaluateCommand.format(scenario.days)) days)\n")
        print("| measure | value |")
        print("|---|---:|")
        print("| events processed | \(events) |")
        print("| findings | \(findings) |")
        print("| engine time, one core | \(String(format: "%.2f", seconds)) s |")
        print("| throughput | \(String(format: "%.0f", Double(events) / max(seconds, 1e-9))) events/s |")
        print("| time per event | \(String(format: "%.0f", seconds * 1e9 / Double(max(events, 1)))) ns |")
        print("| keys tracked at the end | \(keys) (cap \(configuration.maximumTrackedKeys)) |")
        print("| keys evicted | \(engine.evictedKeyCount) |")
        print("| resident bytes per tracked key (statm) | \(perKey(residentAfter - residentBefore, keys)) |")
        print("| resident memory at the end | \(ProcessMemory.megabytes(residentAfter)) |")
    }

    private static func drive(
        _ engine: inout CorrelationEngine, generator: inout StreamGenerator, chunk: inout [NormalizedEvent]
    ) -> (events: Int, findings: Int, time: Duration) {
        let clock = ContinuousClock()
        var events = 0
        var findings = 0
        var engineTime = Duration.zero
        while true {
            chunk.removeAll(keepingCapacity: true)
            while chunk.count < chunkEvents, let generated = generator.next() {
                chunk.append(generated.event)
            }
            if chunk.isEmpty { break }

            let started = clock.now
            for event in chunk {
                findings &+= engine.process(event).count
            }
            engineTime += clock.now - started
            events += chunk.count
        }
        return (events, findings, engineTime)
    }

    private static func perKey(_ bytes: Int, _ keys: Int) -> String {
        keys == 0 ? "–" : String(Int((Double(bytes) / Double(keys)).rounded()))
    }
}
