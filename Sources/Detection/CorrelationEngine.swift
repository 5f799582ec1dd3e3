import Enrichment
import EventDecoding
import WFPCore

/// The stateful side of detection: one engine per detection worker, fed events in arrival
/// order, returning the per-event rules' findings plus those of the stateful detectors.
///
/// Event time drives every window and expiry; the wall clock is never read, so replaying a
/// file gives the same findings as the live run did. An event older than the newest event of
/// its host by more than `outOfOrderTolerance` still goes through the per-event rules but is
/// ignored for timing (counted in `lateEventCount`). State is bounded: at most
/// `maximumTrackedKeys` series, the least recently used evicted first, and series idle for
/// `idleExpiry` of event time dropped.
public struct CorrelationEngine: Sendable {
    private var configuration: CorrelationConfiguration
    private var rules: ConnectionRules
    private let beacon: BeaconDetector
    private var allowlist: Allowlist
    private var frequency: FrequencyDetector
    var rarity: RareDestinationTracker
    var countries: NewCountryDetector
    /// Event time (ns) of the last sweep of idle frequency keys.
    private var frequencySweepNanoseconds = Int64.min
    private let toleranceNanoseconds: Int64
    private let idleExpiryNanoseconds: Int64

    var hosts = InternTable()
    var images = InternTable()
    var names = InternTable()
    /// Newest accepted event time per host id.
    private var hostClocks: [Int64] = []
    /// Newest accepted event time of any host; expiry runs against it.
    private var clockNanoseconds = Int64.min
    var series: KeyStore<SeriesKey, BeaconSeries>
    public private(set) var lateEventCount = 0
    /// Events dated more than `maximumClockLead` after their receipt, ignored for timing.
    public private(set) var futureEventCount = 0
    /// Connections the allowlist silenced.
    public private(set) var allowlistedEventCount = 0
    /// Keys dropped because a reloaded allowlist covers them (`purgeAllowlistedKeys`).
    public private(set) var purgedKeyCount = 0

    /// `fleet` is the fleet-wide destination memory every worker shares; a lone engine (replay
    /// with one worker, tests) may leave it out and gets its own.
    public init(configuration: CorrelationConfiguration, rules: ConnectionRules, fleet: FleetPrevalence? = nil) {
        self.configuration = configuration
        self.rules = rules
        self.beacon = BeaconDetector(configuration: configuration.beacon)
        self.allowlist = Allowlist(configuration: configuration.allowlist)
        self.frequency = FrequencyDetector(configuration: configuration.frequency)
        self.countries = NewCountryDetector(configuration: configuration.newCountry)
        self.rarity = RareDestinationTracker(
            configuration: configuration.rarity, fleet: fleet ?? FleetPrevalence(configuration: configuration.rarity))
        self.toleranceNanoseconds = configuration.outOfOrderTolerance.nanosecondsTotal
        self.idleExpiryNanoseconds = configuration.idleExpiry.nanosecondsTotal
        self.series = KeyStore(capacity: max(configuration.maximumTrackedKeys, 1))
    }

    /// Swaps in new per-event rules (with their intel) and a new allowlist, keeping every
    /// detector's state; events from here on meet them. The other settings need a new engine.
    public mutating func reconfigure(rules: ConnectionRules, allowlist: AllowlistConfiguration) {
        self.rules = rules
        self.allowlist = Allowlist(configuration: allowlist)
        configuration.allowlist = allowlist
    }

    /// Drops the state of every key the allowlist in use covers: beacon series by address and
    /// port or by DNS name, frequency and fan-out counts. A reload calls it after swapping in a new
    /// allowlist, so a key allowlisted now keeps no history that could raise an alert later.
    /// Returns how many keys went. The hosts' first-seen destinations and countries stay: they
    /// describe the host, not the key, and are bounded on their own.
    public mutating func purgeAllowlistedKeys() -> Int {
        let allowlist = self.allowlist
        let images = self.images
        let names = self.names
        var purged = series.removeAll { key in
            let image = images.string(for: key.image)
            switch key.destination {
            case .address(let address, let port):
                return allowlist.covers(image: image, destination: address, name: nil, port: port)
            case .name(let name):
                return allowlist.covers(image: image, destination: nil, name: names.string(for: name), port: nil)
            }
        }
        purged += frequency.purge(image: { images.string(for: $0) }) { image, destination, port in
            allowlist.covers(image: image, destination: destination, name: nil, port: port)
        }
        purgedKeyCount += purged
        return purged
    }

    /// Series keys currently held.
    public var trackedKeyCount: Int { series.count }
    /// Keys dropped to make room under `maximumTrackedKeys`.
    public var evictedKeyCount: Int { series.evictedCount }
    /// Keys dropped after `idleExpiry` without an event.
    public var expiredKeyCount: Int { series.expiredCount }
    /// Memory one tracked key costs (its state slot and its index entry), in bytes.
    public static var bytesPerTrackedKey: Int { KeyStore<SeriesKey, BeaconSeries>.bytesPerKey }

    /// The findings `event` raises: the per-event rules' first, then the stateful detectors'.
    public mutating func process(_ event: NormalizedEvent) -> [Finding] {
        process(event, destinationName: nil)
    }

    /// `process(_:)` with the destination's name known (from the DNS join), which also feeds
    /// the roll-up series keyed by (host, image, name), and its GeoIP record, which the
    /// new-country detector reads.
    package mutating func process(
        _ event: NormalizedEvent, destinationName: String?, geo: GeoRecord? = nil
    ) -> [Finding] {
        guard let connection = event.connection else { return [] }
        let suppressed = allowlist.suppresses(
            image: connection.process.image, destination: connection.destinationAddress, name: destinationName,
            port: connection.destinationPort)
        guard !suppressed else {
            allowlistedEventCount += 1
            return []
        }

        let scope = connection.destinationAddress.scope
        let perEvent = rules.evaluate(event, connection: connection, scope: scope, destinationName: destinationName)
        guard ConnectionRules.countsAsOutbound(connection.direction, scope: scope) else { return perEvent }
        let host = hosts.id(for: event.host)
        guard let time = accept(event, host: host) else { return perEvent }

        // Stateful detectors; context from the per-event rules and rarity raises their severity.
        let image = images.id(for: connection.process.image)
        var stateful: [Finding] = []
        let rarityContext = configuration.rarity.enabled ? rarity.observe(event, connection: connection) : nil
        if let rarityContext, let finding = rarity.finding(for: rarityContext, event: event, connection: connection) {
            stateful.append(finding)
        }
        stateful += frequency.observe(event, connection: connection, host: host, image: image)
        stateful += countries.observe(event, connection: connection, geo: geo)

        let source = BeaconDetector.source(eventID: event.eventID)
        let address = SeriesKey(
            host: host, image: image,
            destination: .address(connection.destinationAddress, port: connection.destinationPort))
        observeBeacon(address, time: time, source: source, findings: &stateful)
        if let destinationName {
            let name = SeriesKey(host: host, image: image, destination: .name(names.id(for: destinationName)))
            observeBeacon(name, time: time, source: source, findings: &stateful)
        }

        let context = SeverityContext(perEventFindings: perEvent, rarity: rarityContext)
        return perEvent.map { context.raised($0) } + stateful.map { context.raised($0) }
    }

    /// Feeds one callback attempt to the beacon detector's series for `key`.
    private mutating func observeBeacon(_ key: SeriesKey, time: Int64, source: UInt8, findings: inout [Finding]) {
        guard configuration.beacon.enabled else { return }
        let beacon = self.beacon
        let make = { BeaconSeries(firstAttemptNanoseconds: time, source: source) }
        let alert = series.update(key, at: time, make: make) {
            beacon.observe(&$0, attemptNanoseconds: time, source: source)
        }
        if let alert { findings.append(beacon.finding(alert, labels: labels(for: key))) }
    }

    // MARK: Clock

    /// How far an event's time may lie ahead of its receipt before it is taken for a wrong
    /// clock: such an event would otherwise move the engine's clock and expire every key.
    public static let maximumClockLead: Duration = .seconds(86_400)

    /// Advances the host's and the engine's clocks and expires idle keys; returns the event's
    /// time in nanoseconds, or nil when the event is too late (or too far ahead of its receipt)
    /// to count for timing.
    private mutating func accept(_ event: NormalizedEvent, host: UInt32) -> Int64? {
        let time = event.time.nanosecondsSinceEpoch
        guard event.time <= event.receivedAt + Self.maximumClockLead else {
            futureEventCount += 1
            return nil
        }
        let host = Int(host)
        while hostClocks.count <= host { hostClocks.append(.min) }
        if hostClocks[host] != .min, time < hostClocks[host] &- toleranceNanoseconds {
            lateEventCount += 1
            return nil
        }
        hostClocks[host] = max(hostClocks[host], time)

        if time > clockNanoseconds {
            clockNanoseconds = time
            series.expire(before: time &- idleExpiryNanoseconds)
            sweepFrequencyKeys(now: time)
        }
        return time
    }

    /// Frequency keys idle for a whole window can no longer cross a threshold; sweeping them
    /// once a minute of event time keeps that detector's state to the active keys.
    private mutating func sweepFrequencyKeys(now: Int64) {
        let period = max(configuration.frequency.window, configuration.frequency.fanOutWindow).nanosecondsTotal
        guard now &- frequencySweepNanoseconds >= period else { return }
        frequencySweepNanoseconds = now
        frequency.expire(before: Timestamp(nanosecondsSinceEpoch: now &- period))
    }

    /// The strings behind `key`, for a finding's text.
    private func labels(for key: SeriesKey) -> SeriesLabels {
        let image = images.string(for: key.image)
        let imageLabel = image.isEmpty ? "unknown process" : image
        let host = hosts.string(for: key.host)
        switch key.destination {
        case .address(let address, let port):
            return SeriesLabels(
                host: host, image: imageLabel, destination: address.endpoint(port: port), destinationAddress: address)
        case .name(let name):
            return SeriesLabels(
                host: host, image: imageLabel, destination: names.string(for: name), destinationAddress: nil)
        }
    }
}
