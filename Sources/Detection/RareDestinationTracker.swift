import EventDecoding
import WFPCore

/// First connections of a host to a destination, and how many hosts of the fleet reached it,
/// remembered for `memory` of event time.
///
/// Each detection worker owns one tracker for the hosts sharded to it; all trackers share one
/// `FleetPrevalence`, asked only when a host reaches a destination it does not remember (and
/// once per memory bucket, a seventh of `memory`, for destinations it keeps reaching). Counts
/// outbound connections (or those of unknown direction to a public or private address) to
/// public and private addresses: loopback, link-local and multicast are local plumbing.
public struct RareDestinationTracker: Sendable {
    public static let rule = Techniques.rareDestinationRule

    public let configuration: RarityConfiguration
    public let fleet: FleetPrevalence
    var hosts: [String: RarityHostMemory] = [:]
    let bucketNanoseconds: Int64

    /// Hosts not tracked because `maximumHosts` was reached.
    public private(set) var droppedHosts = 0
    /// First sightings not remembered because the host reached `maximumDestinationsPerHost`.
    public private(set) var droppedDestinations = 0

    public init(configuration: RarityConfiguration, fleet: FleetPrevalence) {
        self.configuration = configuration
        self.fleet = fleet
        bucketNanoseconds = max(1, configuration.memory.nanosecondsTotal / Int64(RarityHostMemory.memoryBuckets))
    }

    /// Hosts tracked by this worker.
    public var trackedHosts: Int { hosts.count }
    /// Host-destination pairs remembered by this worker.
    public var trackedDestinations: Int { hosts.values.reduce(0) { $0 + $1.storedCount } }

    /// The rarity of `connection`'s destination address; nil when rarity is off or the
    /// connection does not count (inbound, local plumbing, host cap reached).
    public mutating func observe(_ event: NormalizedEvent, connection: Connection) -> RarityContext? {
        guard configuration.enabled, Self.counts(connection) else { return nil }
        return observe(host: event.host, destination: .address(connection.destinationAddress), time: event.time)
    }

    /// The rarity of `destination` for `host` at `time`, remembering the sighting.
    public mutating func observe(host: String, destination: RareDestinationKey, time: Timestamp) -> RarityContext? {
        guard configuration.enabled else { return nil }
        let bucket = bucket(of: time)
        // One lookup for a known host; a new one costs two more to insert and find it.
        var index = hosts.index(forKey: host)
        if index == nil {
            guard hosts.count < configuration.maximumHosts else {
                droppedHosts += 1
                return nil
            }
            hosts[host] = RarityHostMemory(bucket: bucket, time: time)
            index = hosts.index(forKey: host)
        }
        guard let index else { return nil }

        let (sighting, stored) = hosts.values[index].see(
            destination, bucket: bucket, capacity: configuration.maximumDestinationsPerHost)
        switch sighting {
        case .current:
            return .common
        case .refreshed:
            fleet.refresh(destination, host: host, time: time)
            return .common
        case .first:
            if !stored { droppedDestinations += 1 }
            let hostStart = hosts.values[index].firstSeen
            return firstSighting(host: host, destination: destination, time: time, hostStart: hostStart)
        }
    }

    /// A `rare_destination` finding when alerts are on and `context` is rare.
    public func finding(for context: RarityContext, event: NormalizedEvent, connection: Connection) -> Finding? {
        guard configuration.alert, context.isRare else { return nil }
        let image = connection.process.image.isEmpty ? "unknown process" : connection.process.image
        let target = connection.destinationAddress.endpoint(port: connection.destinationPort)
        let memory = FrequencyDetector.seconds(configuration.memory)
        let fleetReason =
            context.firstForFleet
            ? "no other host reached it before (\(context.fleetSize) hosts watched)"
            : "only \(context.fleetHosts) of \(context.fleetSize) hosts reached it"
        return Finding(
            rule: Self.rule, severity: configuration.severity, techniques: Techniques.rareDestination,
            summary: "\(image) on \(event.host) connected to \(target), "
                + (context.firstForFleet ? "a destination new to the fleet" : "a destination rare in the fleet"),
            reasons: [
                "first connection from \(event.host) to \(connection.destinationAddress) in \(memory)", fleetReason,
            ])
    }

    // MARK: Steps

    /// `hostStart`: the time of the host's first event, which starts its learning period.
    private func firstSighting(
        host: String, destination: RareDestinationKey, time: Timestamp, hostStart: Timestamp
    ) -> RarityContext {
        let answer = fleet.recordFirstSighting(destination, host: host, time: time)
        let share = Double(answer.hostsAtOrBefore) / Double(max(1, answer.fleetSize))
        // A share means something once the fleet is large enough for one host to be under it.
        let fleetLargeEnough = Double(answer.fleetSize) * configuration.fleetRareShare >= 1
        let fleetStart = fleet.firstSeen ?? time
        let learning =
            time - hostStart < configuration.learningPeriod || time - fleetStart < configuration.learningPeriod
        return RarityContext(
            firstForHost: true, firstForFleet: answer.firstForFleet, fleetHosts: answer.hostsAtOrBefore,
            fleetSize: answer.fleetSize, fleetShare: min(1, share),
            rareForFleet: fleetLargeEnough && share <= configuration.fleetRareShare, learning: learning)
    }

    private static func counts(_ connection: Connection) -> Bool {
        let scope = connection.destinationAddress.scope
        guard scope == .public || scope == .private else { return false }
        return connection.direction != .inbound
    }

    private func bucket(of time: Timestamp) -> Int64 {
        let value = time.nanosecondsSinceEpoch
        return value >= 0 ? value / bucketNanoseconds : (value - bucketNanoseconds + 1) / bucketNanoseconds
    }
}
