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
    private let countedScopes: ScopeMask
    private let fanOutAddressScopes: ScopeMask
    private var lastCapacitySweep: Int64 = .min
    /// Ids of hosts and images for callers that pass strings (`observe(_:connection:)`); the
    /// engine passes the ids of its own tables instead.
    private var hostIDs = InternTable()
    private var imageIDs = InternTable()

    /// Keys removed because they were idle longer than their window.
    public private(set) var expiredKeys = 0
    /// New keys not tracked because the cap was reached by keys active within their window.
    public private(set) var droppedKeys = 0

    public init(configuration: FrequencyConfiguration) {
        self.configuration = configuration
        let buckets = Int64(FrequencyCounter.bucketCount)
        bucketNanoseconds = max(1, configuration.window.nanosecondsTotal / buckets)
        fanOutBucketNanoseconds = max(1, configuration.fanOutWindow.nanosecondsTotal / buckets)
        countedScopes = ScopeMask(configuration.scopes)
        fanOutAddressScopes = ScopeMask(configuration.fanOutAddressScopes)
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
        let host = hostIDs.id(for: event.host)
        let image = imageIDs.id(for: connection.process.image)
        return observe(event, connection: connection, host: host, image: image)
    }

    /// `observe(_:connection:)` with the event's host and image already interned by the caller
    /// (keys then hash two integers instead of two strings). One detector takes ids from one
    /// pair of tables only: `purge(image:_:)` resolves them with the same image table.
    package mutating func observe(
        _ event: NormalizedEvent, connection: Connection, host: UInt32, image: UInt32
    ) -> [Finding] {
        guard configuration.enabled, counts(connection) else { return [] }

        var findings: [Finding] = []
        if let count = countFrequency(event, connection, host: host, image: image) {
            findings.append(highFrequencyFinding(event, connection, count: count))
        }
        if let finding = countFanOut(event, connection, host: host, image: image) { findings.append(finding) }
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
    /// `image` turns a key's image id back into its name: it reads the table the ids passed to
    /// `observe(_:connection:host:image:)` came from.
    package mutating func purge(
        image: (UInt32) -> String, _ isCovered: (String, IPAddress?, UInt16?) -> Bool
    ) -> Int {
        let before = series.count + processes.count
        series = series.filter { !isCovered(image($0.key.image), $0.key.destination, $0.key.port) }
        processes = processes.filter { !isCovered(image($0.key.image), nil, nil) }
        return before - series.count - processes.count
    }

    // MARK: Counting

    private func counts(_ connection: Connection) -> Bool {
        let scope = connection.destinationAddress.scope
        return ConnectionRules.countsAsOutbound(connection.direction, scope: scope)
            && countedScopes.contains(scope)
    }

    private mutating func countFrequency(
        _ event: NormalizedEvent, _ connection: Connection, host: UInt32, image: UInt32
    ) -> Int? {
        let key = FrequencyKey(
            host: host, image: image, destination: connection.destinationAddress, port: connection.destinationPort)
        let bucket = Self.bucket(event.time, width: bucketNanoseconds)
        let tcpPort: UInt16? = connection.protocolNumber == 6 ? connection.sourcePort : nil
        let threshold = configuration.connectionsPerWindow
        // One lookup for a known key; a new one costs a second to insert it.
        if let index = series.index(forKey: key) {
            return series.values[index].add(
                bucket: bucket, time: event.time, tcpSourcePort: tcpPort, threshold: threshold)
        }
        guard makeRoom(at: event.time) else { return nil }
        var counter = FrequencyCounter(bucket: bucket, time: event.time)
        let count = counter.add(bucket: bucket, time: event.time, tcpSourcePort: tcpPort, threshold: threshold)
        series[key] = counter
        return count
    }

    private mutating func countFanOut(
        _ event: NormalizedEvent, _ connection: Connection, host: UInt32, image: UInt32
    ) -> Finding? {
        let key = FanOutKey(host: host, image: image, pid: connection.process.pid ?? 0)
        // One lookup for a known process; a new one costs two more to insert and find it.
        var index = processes.index(forKey: key)
        if index == nil {
            guard makeRoom(at: event.time) else { return nil }
            processes[key] = FanOutState(lastEvent: event.time)
            index = processes.index(forKey: key)
        }
        guard let index else { return nil }

        let bucket = Self.bucket(event.time, width: fanOutBucketNanoseconds)
        let countsAddress = fanOutAddressScopes.contains(connection.destinationAddress.scope)
        let (addresses, ports) = Self.record(
            connection, time: event.time, bucket: bucket, countsAddress: countsAddress,
            limit: configuration.fanOutDestinations, in: &processes.values[index])

        guard addresses != nil || ports != nil else { return nil }
        return fanOutFinding(event, connection, addresses: addresses, ports: ports)
    }

    /// Adds `connection`'s destination address (when `countsAddress`) and port to a process's
    /// sets; returns the distinct counts that reached `limit` while armed.
    private static func record(
        _ connection: Connection, time: Timestamp, bucket: Int64, countsAddress: Bool, limit: Int,
        in state: inout FanOutState
    ) -> (addresses: Int?, ports: Int?) {
        let perWindow = Int64(FrequencyCounter.bucketCount)
        state.lastEvent = max(state.lastEvent, time)
        var addresses: Int?
        if countsAddress {
            addresses = state.addresses.insert(
                connection.destinationAddress, bucket: bucket, bucketsPerWindow: perWindow, limit: limit)
        }
        let ports = state.ports.insert(
            connection.destinationPort, bucket: bucket, bucketsPerWindow: perWindow, limit: limit)
        return (addresses, ports)
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
