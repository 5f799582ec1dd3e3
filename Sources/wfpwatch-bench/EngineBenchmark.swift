import Detection
import EventDecoding
import Evaluation
import Foundation

/// `wfpwatch-bench engine`: events per second of the correlation engine alone on one core,
/// and resident bytes per tracked key. Events are generated in chunks outside the
/// timed section, so only `process(_:)` is measured.
enum EngineBenchmark {
    static let chunkEvents = 65_536

    struct Measurement {
        var events = 0
        var findings = 0
        var cpuNanoseconds: Int64 = 0
        var wallNanoseconds: Int64 = 0
        /// Resident growth over the baseline and keys tracked, at the largest key count seen
        /// before the first eviction.
        var residentGrowthBytes = 0
        var keysAtMeasurement = 0
    }

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
        let measurement = drive(&engine, generator: &generator, chunk: &chunk)

        let cpuSeconds = Double(measurement.cpuNanoseconds) / 1e9
        let wallSeconds = Double(measurement.wallNanoseconds) / 1e9
        print("## wfpwatch engine benchmark (seed \(scenario.seed), \(scenario.hosts) hosts, "
            + "\(EvaluateCommand.format(scenario.days)) days)\n")
        print("| measure | value |")
        print("|---|---:|")
        print("| events processed | \(measurement.events) |")
        print("| findings | \(measurement.findings) |")
        let events = Double(max(measurement.events, 1))
        print("| engine CPU time, one thread | \(fixed(cpuSeconds, 2)) s (wall \(fixed(wallSeconds, 2)) s) |")
        print("| throughput per core | \(fixed(events / max(cpuSeconds, 1e-9), 0)) events/s |")
        print("| CPU time per event | \(fixed(cpuSeconds * 1e9 / events, 0)) ns |")
        print("| keys tracked at the end | \(engine.trackedKeyCount) (cap \(configuration.maximumTrackedKeys)) |")
        print("| keys evicted | \(engine.evictedKeyCount) |")
        print("| resident bytes per tracked key (statm, at \(measurement.keysAtMeasurement) keys) | "
            + "\(perKey(measurement.residentGrowthBytes, measurement.keysAtMeasurement)) |")
        print("| resident memory at the end | \(ProcessMemory.megabytes(ProcessMemory.residentBytes())) |")
    }

    private static func drive(
        _ engine: inout CorrelationEngine, generator: inout StreamGenerator, chunk: inout [NormalizedEvent]
    ) -> Measurement {
        var measurement = Measurement()
        let clock = ContinuousClock()
        let baselineResident = ProcessMemory.residentBytes()
        while true {
            chunk.removeAll(keepingCapacity: true)
            while chunk.count < chunkEvents, let generated = generator.next() {
                chunk.append(generated.event)
            }
            if chunk.isEmpty { break }

            let wallStart = clock.now
            let cpuStart = ThreadCPUClock.nanoseconds()
            for event in chunk {
                measurement.findings &+= engine.process(event).count
            }
            measurement.cpuNanoseconds += ThreadCPUClock.nanoseconds() - cpuStart
            measurement.wallNanoseconds += (clock.now - wallStart).nanosecondsTotal
            measurement.events += chunk.count

            let keys = Int(engine.trackedKeyCount)
            if engine.evictedKeyCount == 0 && keys > measurement.keysAtMeasurement {
                measurement.keysAtMeasurement = keys
                measurement.residentGrowthBytes = ProcessMemory.residentBytes() - baselineResident
            }
        }
        return measurement
    }

    private static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    private static func perKey(_ bytes: Int, _ keys: Int) -> String {
        keys == 0 ? "–" : String(Int((Double(bytes) / Double(keys)).rounded()))
    }
}
