// A stand-in for Detection's CorrelationEngine so the harness compiles and runs before the
// engine lands. DELETE THIS FILE once Detection provides `CorrelationEngine`; the harness codes
// against the same initializer, `process(_:)`, `trackedKeyCount` and `evictedKeyCount`.
import Detection
import EventDecoding
import WFPCore

struct CorrelationEngine {
    private struct Key: Hashable {
        var host: String
        var image: String
        var destination: IPAddress
        var port: UInt16
    }

    private struct Series {
        var lastCallback: Timestamp
        var first: Timestamp
        var intervals: [Int64] = []
        var callbacks = 1
        var escalation = -1
    }

    private let configuration: CorrelationConfiguration
    private var series: [Key: Series] = [:]
    private(set) var evictedKeyCount = 0

    init(configuration: CorrelationConfiguration, rules: ConnectionRules) {
        self.configuration = configuration
    }

    var trackedKeyCount: Int { series.count }

    mutating func process(_ event: NormalizedEvent, destinationName: String?) -> [Finding] {
        process(event)
    }

    mutating func process(_ event: NormalizedEvent) -> [Finding] {
        guard let connection = event.connection, connection.direction == .outbound else { return [] }
        let key = Key(
            host: event.host, image: connection.process.image, destination: connection.destinationAddress,
            port: connection.destinationPort)
        guard var current = series[key] else {
            // Crude bound: drop everything at the cap (the real engine evicts least recently used).
            if series.count >= configuration.maximumTrackedKeys {
                evictedKeyCount += series.count
                series.removeAll(keepingCapacity: true)
            }
            series[key] = Series(lastCallback: event.time, first: event.time)
            return []
        }

        let gap = (event.time - current.lastCallback).nanosecondsTotal
        guard gap >= configuration.beacon.coalesceGap.nanosecondsTotal else { return [] }
        current.lastCallback = event.time
        current.callbacks += 1
        current.intervals.append(gap)
        if current.intervals.count > 16 { current.intervals.removeFirst() }
        let finding = evaluate(&current, event: event)
        series[key] = current
        return finding.map { [$0] } ?? []
    }

    /// Median interval and median absolute deviation; alerts when the spread is under 20 %.
    private func evaluate(_ current: inout Series, event: NormalizedEvent) -> Finding? {
        guard current.callbacks >= configuration.beacon.minimumCallbacks, current.escalation < 0 else { return nil }
        let sorted = current.intervals.sorted()
        let median = Double(sorted[sorted.count / 2])
        let deviations = sorted.map { abs(Double($0) - median) }.sorted()
        let jitter = deviations[deviations.count / 2] / median
        guard jitter < 0.2 else { return nil }

        current.escalation = 0
        let evidence = BeaconEvidence(
            period: .nanoseconds(Int64(median)), jitterPercent: jitter * 100, callbacks: current.callbacks,
            span: event.time - current.first, score: 0, escalation: 0)
        return Finding(
            rule: "beaconing", severity: .medium, techniques: ["T1071"], summary: "stand-in beacon",
            reasons: ["stand-in"], beacon: evidence)
    }
}
