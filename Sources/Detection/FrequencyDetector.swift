import EventDecoding
import WFPCore

/// `high_frequency` and `fan_out`: bursts of connections, by event time only.
///
/// `high_frequency`: one process image on one host makes `connectionsPerWindow` connections to
/// one destination address and port within `window`. `fan_out`: one process (host, image, pid)
/// reaches `fanOutDestinations` distinct destination addresses, or distinct destination ports,
/// within `fanOutWindow`. Each key alerts at the event that crosses its threshold, once per
/// crossing: it re-arms when its count is back under the threshold a window after the alert.
///
/// Only outbound connections count (or those of unknown direction to a public or private
/// address), allowed or blocked, to the configured scopes. State is bounded by
/// `maximumTrackedKeys`: when full, keys idle for longer than their window (whose counts are
/// all zero, so dropping them loses nothing) are swept at most once per second of event time;
/// new keys that still find no room are not tracked and are counted in `droppedKeys`.
public struct FrequencyDetector: Sendable {
    public let configuration: FrequencyConfiguration
    private var series: [FrequencyKey: FrequencyCounter] = [:]
    private var processes: [FanOutKey: FanOutState] = [:]
    private let bucketNanoseconds: Int64
    private let fanOutBucketNanoseconds: Int64
    private var lastCapacitySweep: Int64 = .min

    /// Keys removed because they were idle longer than their window.
    public private(set) var expiredKeys = 0
    /// New keys not tracked because the cap was reached by keys active within their window.
    public private(set) var droppedKeys = 0

    public init(configuration: FrequencyConfiguration) {
        self.configuration = configuration
        let buckets = Int64(FrequencyCounter.bucketCount)
        bucketNanoseconds = max(1, configuration.window.nanosecondsTotal / buckets)
        fanOutBucketNanoseconds = max(1, configuration.fanOutWindow.nanosecondsTotal / buckets)
    }

    /// High-frequency series tracked.
    public var trackedSeries: Int { series.count }
    /// Processes tracked for fan-out.
    public var trackedProcesses: Int { processes.count }
    /// All tracked keys, the figure held under `maximumTrackedKeys`.
    public var trackedKeys: Int { series.count + processes.count }

    /// Counts `connection` and returns the findings of the thresholds it crosses.
    public mutating func observe(_ event: NormalizedEvent, connection: Connection) -> [Finding] {
        guard configuration.enabled, counts(connection) else { return [] }

        var findings: [Finding] = []
        if let count = countFrequency(event, connection) {
            findings.append(highFrequencyFinding(event, connection, count: count))
        }
        if let finding = countFanOut(event, connection) { findings.append(finding) }
        return findings
    }

    /// Drops every key whose latest event is older than `before` (event time).
    public mutating func expire(before: Timestamp) {
        let seriesBefore = series.count
        let processesBefore = processes.count
        series = series.filter { $0.value.lastEvent >= before }
        processes = processes.filter { $0.value.lastEvent >= before }
        expiredKeys += seriesBefore - series.count + processesBefore - processes.count
    }

    /// Drops the counts of the keys `isCovered` selects, given a key's image, destination and
    /// port (a process's fan-out key knows only its image); returns how many keys went.
    public mutating func purge(_ isCovered: (String, IPAddress?, UInt16?) -> Bool) -> Int {
        let before = series.count + processes.count
        series = series.filter { !isCovered($0.key.image, $0.key.destination, $0.key.port) }
        processes = processes.filter { !isCovered($0.key.image, nil, nil) }
        return before - series.count - processes.count
    }

    // MARK: Counting

    private func counts(_ connection: Connection) -> Bool {
        let scope = connection.destinationAddress.scope
        return ConnectionRules.countsAsOutbound(connection.direction, scope: scope)
            && configuration.scopes.contains(scope)
    }

    private mutating func countFrequency(_ event: NormalizedEvent, _ connection: Connection) -> Int? {
        let key = FrequencyKey(
            host: event.host, image: connection.process.image, destination: connection.destinationAddress,
            port: connection.destinationPort)
        let bucket = Self.bucket(event.time, width: bucketNanoseconds)
        if series[key] == nil {
            guard makeRoom(at: event.time) else { return nil }
            series[key] = FrequencyCounter(bucket: bucket, time: event.time)
        }
        let tcpPort: UInt16? = connection.protocolNumber == 6 ? connection.sourcePort : nil
        return series[key]!.add(
            bucket: bucket, time: event.time, tcpSourcePort: tcpPort, threshold: configuration.connectionsPerWindow)
    }

    private mutating func countFanOut(_ event: NormalizedEvent, _ connection: Connection) -> Finding? {
        let key = FanOutKey(host: event.host, image: connection.process.image, pid: connection.process.pid ?? 0)
        if processes[key] == nil {
            guard makeRoom(at: event.time) else { return nil }
            processes[key] = FanOutState(lastEvent: event.time)
        }
        let bucket = Self.bucket(event.time, width: fanOutBucketNanoseconds)
        let perWindow = Int64(FrequencyCounter.bucketCount)
        let limit = configuration.fanOutDestinations

        var state = processes.removeValue(forKey: key)!
        state.lastEvent = max(state.lastEvent, event.time)
        var addresses: Int?
        if configuration.fanOutAddressScopes.contains(connection.destinationAddress.scope) {
            addresses = state.addresses.insert(
                connection.destinationAddress, bucket: bucket, bucketsPerWindow: perWindow, limit: limit)
        }
        let ports = state.ports.insert(
            connection.destinationPort, bucket: bucket, bucketsPerWindow: perWindow, limit: limit)
        processes[key] = state

        guard addresses != nil || ports != nil else { return nil }
        return fanOutFinding(event, connection, addresses: addresses, ports: ports)
    }

    /// Whether a new key may be tracked, sweeping idle keys when the cap is reached.
    private mutating func makeRoom(at time: Timestamp) -> Bool {
        guard trackedKeys >= configuration.maximumTrackedKeys else { return true }

        let second = time.secondsSinceEpoch
        if second > lastCapacitySweep {
            lastCapacitySweep = second
            let longest = max(configuration.window, configuration.fanOutWindow)
            expire(before: time + .nanoseconds(-longest.nanosecondsTotal))
        }
        guard trackedKeys < configuration.maximumTrackedKeys else {
            droppedKeys += 1
            return false
        }
        return true
    }

    private static func bucket(_ time: Timestamp, width: Int64) -> Int64 {
        let value = time.nanosecondsSinceEpoch
        return value >= 0 ? value / width : (value - width + 1) / width
    }
}
