/// The command line of wfpwatch-bench: a subcommand and `--name value` options.
struct BenchArguments {
    enum Failure: Error, CustomStringConvertible {
        case missingValue(String)
        case badNumber(option: String, value: String)
        case unknownOption(String)

        var description: String {
            switch self {
            case .missingValue(let option): "option \(option) needs a value"
            case .badNumber(let option, let value): "option \(option) takes a non-negative number, got '\(value)'"
            case .unknownOption(let option): "unknown option '\(option)'"
            }
        }
    }

    static let usage = """
        usage: wfpwatch-bench evaluate [--seed N] [--hosts N] [--days N] [--beacons-per-cell N]
                   [--false-alarm-rate X] [--maximum-jitter-percent N]
               wfpwatch-bench engine [--seed N] [--hosts N] [--days N]
               wfpwatch-bench flood [--keys N] [--cap N]
               wfpwatch-bench ingest-generate [--data DIR] [--out FILE] [--messages N] [--hosts N] [--seed N]
                   [--start-ms UNIX_MILLISECONDS]
               wfpwatch-bench ingest-send --file FILE --sink FILE [--port N] [--transport tcp|udp]
                   [--connections N] [--until probes|lines] [--timeout SECONDS] [--probe-every N] [--end-probes N]

          evaluate  recall per period × jitter, callbacks before the alert, false alerts on
                    benign traffic, as Markdown tables
          engine    events per second of the engine alone on one core, bytes per tracked key
          flood     resident memory under a flood of unique destinations, with evictions
          ingest-*  the halves of scripts/bench-ingest: write a syslog mix, replay it to a receiver
                    on 127.0.0.1 and wait until its output file shows every message
        """

    var command: String
    private var values: [String: String] = [:]

    init(_ arguments: [String], known: Set<String>) throws {
        command = arguments.first ?? "help"
        var index = 1
        while index < arguments.count {
            let option = arguments[index]
            guard known.contains(option) else { throw Failure.unknownOption(option) }
            guard index + 1 < arguments.count else { throw Failure.missingValue(option) }
            values[option] = arguments[index + 1]
            index += 2
        }
    }

    func integer(_ option: String, default fallback: Int) throws -> Int {
        guard let text = values[option] else { return fallback }
        guard let value = Int(text), value >= 0 else { throw Failure.badNumber(option: option, value: text) }
        return value
    }

    /// The option's whole number, nil when the option is not given.
    func integer(_ option: String) throws -> Int? {
        values[option] == nil ? nil : try integer(option, default: 0)
    }

    func text(_ option: String, default fallback: String) -> String {
        values[option] ?? fallback
    }

    func number(_ option: String, default fallback: Double) throws -> Double {
        guard let text = values[option] else { return fallback }
        guard let value = Double(text), value >= 0 else { throw Failure.badNumber(option: option, value: text) }
        return value
    }

    /// The option's number, nil when it is not given.
    func optionalNumber(_ option: String) throws -> Double? {
        values[option] == nil ? nil : try number(option, default: 0)
    }

    /// The scenario options shared by `evaluate` and `engine`.
    func scenario(defaultHosts: Int, defaultDays: Double) throws -> ScenarioOptions {
        ScenarioOptions(
            seed: UInt64(try integer("--seed", default: 1)), hosts: try integer("--hosts", default: defaultHosts),
            days: try number("--days", default: defaultDays),
            beaconsPerCell: try integer("--beacons-per-cell", default: 100),
            falseAlarmRate: try optionalNumber("--false-alarm-rate"),
            maximumJitterPercent: try optionalNumber("--maximum-jitter-percent"))
    }
}

struct ScenarioOptions {
    var seed: UInt64
    var hosts: Int
    var days: Double
    var beaconsPerCell: Int
    /// Overrides of the shipped beacon settings, for trying values (evaluate only).
    var falseAlarmRate: Double?
    var maximumJitterPercent: Double?
}
