import Synchronization
import WFPCore

/// Which hosts reached which destinations, shared by every detection worker.
///
/// Workers ask only when one of their hosts reaches a destination it does not remember (and
/// once per memory bucket for destinations it keeps reaching), so the lock is taken rarely.
///
/// Determinism: "first for the fleet" is decided by event time, not by arrival. The fleet keeps,
/// per destination, each host's earliest sighting ordered by (event time, host name); a host is
/// first when its sighting comes before every other one known. Replay with one worker and live
/// serving with several therefore agree whenever the earlier sighting has arrived by the time
/// the later one is asked about. The remaining edge: when a worker lags so that host B's later
/// sighting is asked about before host A's earlier one arrives, B is told it is first, and A is
/// told so too when its sighting arrives; A's answer never depends on the interleaving. Host
/// counts and fleet size follow the same rule (sightings at or before the event's time).
public final class FleetPrevalence: Sendable {
    /// What the fleet says about one host's sighting of a destination.
    public struct Answer: Equatable, Sendable {
        public var firstForFleet: Bool
        public var hostsAtOrBefore: Int
        public var fleetSize: Int
    }

    struct Sighting: Sendable {
        var firstSeen: Timestamp
        var host: String
        var lastBucket: Int64

        func precedes(_ other: Sighting) -> Bool {
            firstSeen != other.firstSeen ? firstSeen < other.firstSeen : host < other.host
        }
    }

    /// One destination: the earliest sightings, and a count of hosts past the cap (a destination
    /// that many hosts reach is common; who reached it first no longer matters).
    struct Record: Sendable {
        var sightings: [Sighting] = []
        var overflowHosts = 0
        var overflowLastBucket: Int64 = .min
    }

    /// Sightings kept per destination.
    static let maximumSightings = 64

    struct State: Sendable {
        /// Destination → its record, sightings sorted by (first seen, host).
        var destinations: [RareDestinationKey: Record] = [:]
        /// Host → its sighting of the fleet itself (first event time, last bucket).
        var hosts: [String: Sighting] = [:]
        var hostFirstSeenSorted: [Timestamp] = []
        var newestBucket: Int64 = .min
        var sweptBucket: Int64 = .min
        var droppedDestinations = 0
    }

    let state = Mutex(State())
    let bucketNanoseconds: Int64
    let maximumDestinations: Int

    public init(configuration: RarityConfiguration) {
        bucketNanoseconds = max(1, configuration.memory.nanosecondsTotal / Int64(RarityHostMemory.memoryBuckets))
        maximumDestinations = configuration.maximumFleetDestinations
    }

    /// Destinations remembered.
    public var destinationCount: Int { state.withLock { $0.destinations.count } }
    /// Hosts remembered.
    public var hostCount: Int { state.withLock { $0.hosts.count } }
    /// New destinations not remembered because the cap was reached.
    public var droppedDestinations: Int { state.withLock { $0.droppedDestinations } }
    /// Event time of the earliest host sighting remembered, for the learning period.
    public var firstSeen: Timestamp? { state.withLock { $0.hostFirstSeenSorted.first } }

    /// Records that `host` reached `destination` at `time` after not remembering it.
    public func recordFirstSighting(_ destination: RareDestinationKey, host: String, time: Timestamp) -> Answer {
        let bucket = bucket(of: time)
        return state.withLock { state in
            advance(&state, to: bucket)
            register(&state, host: host, time: time, bucket: bucket)
            let mine = Sighting(firstSeen: time, host: host, lastBucket: bucket)
            // The record is updated in place: a copy taken out of the table would copy its
            // sightings on the first change.
            var index = state.destinations.index(forKey: destination)
            if index == nil, let fresh = newRecord(&state) {
                state.destinations[destination] = fresh
                index = state.destinations.index(forKey: destination)
            }
            guard let index else {
                return Answer(firstForFleet: false, hostsAtOrBefore: 1, fleetSize: fleetSize(state, at: time))
            }
            Self.add(mine, to: &state.destinations.values[index])
            let record = state.destinations.values[index]

            let atOrBefore = record.sightings.prefix { $0.firstSeen <= time }.count
            return Answer(
                firstForFleet: record.sightings.first?.host == host,
                hostsAtOrBefore: atOrBefore == record.sightings.count ? atOrBefore + record.overflowHosts : atOrBefore,
                fleetSize: fleetSize(state, at: time))
        }
    }

    /// Records that `host` still reaches `destination`, so the fleet keeps it as long as the host.
    public func refresh(_ destination: RareDestinationKey, host: String, time: Timestamp) {
        let bucket = bucket(of: time)
        state.withLock { state in
            advance(&state, to: bucket)
            register(&state, host: host, time: time, bucket: bucket)
            guard let index = state.destinations.index(forKey: destination) else { return }
            Self.refresh(host: host, bucket: bucket, in: &state.destinations.values[index])
        }
    }

    /// Moves `host`'s sighting of a record (or the record's overflow) up to `bucket`.
    private static func refresh(host: String, bucket: Int64, in record: inout Record) {
        if let index = record.sightings.firstIndex(where: { $0.host == host }) {
            record.sightings[index].lastBucket = max(record.sightings[index].lastBucket, bucket)
        } else {
            record.overflowLastBucket = max(record.overflowLastBucket, bucket)
        }
    }

    /// Adds or refreshes one host's sighting, keeping the earliest `maximumSightings`.
    private static func add(_ sighting: Sighting, to record: inout Record) {
        if let index = record.sightings.firstIndex(where: { $0.host == sighting.host }) {
            record.sightings[index].lastBucket = max(record.sightings[index].lastBucket, sighting.lastBucket)
            return
        }
        let position = record.sightings.firstIndex { sighting.precedes($0) } ?? record.sightings.endIndex
        guard position < maximumSightings else {
            record.overflowHosts += 1
            record.overflowLastBucket = max(record.overflowLastBucket, sighting.lastBucket)
            return
        }
        record.sightings.insert(sighting, at: position)
        if record.sightings.count > maximumSightings {
            let pushed = record.sightings.removeLast()
            record.overflowHosts += 1
            record.overflowLastBucket = max(record.overflowLastBucket, pushed.lastBucket)
        }
    }

    // MARK: State

    private func bucket(of time: Timestamp) -> Int64 {
        let value = time.nanosecondsSinceEpoch
        return value >= 0 ? value / bucketNanoseconds : (value - bucketNanoseconds + 1) / bucketNanoseconds
    }

    private func newRecord(_ state: inout State) -> Record? {
        if state.destinations.count >= maximumDestinations { sweep(&state) }
        guard state.destinations.count < maximumDestinations else {
            state.droppedDestinations += 1
            return nil
        }
        return Record()
    }

    private func register(_ state: inout State, host: String, time: Timestamp, bucket: Int64) {
        if var known = state.hosts[host] {
            known.lastBucket = max(known.lastBucket, bucket)
            if time < known.firstSeen {
                state.hostFirstSeenSorted.remove(at: state.hostFirstSeenSorted.firstIndex(of: known.firstSeen)!)
                known.firstSeen = time
                state.hostFirstSeenSorted.insert(time, at: Self.insertionIndex(state.hostFirstSeenSorted, time))
            }
            state.hosts[host] = known
        } else {
            state.hosts[host] = Sighting(firstSeen: time, host: host, lastBucket: bucket)
            state.hostFirstSeenSorted.insert(time, at: Self.insertionIndex(state.hostFirstSeenSorted, time))
        }
    }

    /// Hosts whose first event is at or before `time`.
    private func fleetSize(_ state: State, at time: Timestamp) -> Int {
        Self.insertionIndex(state.hostFirstSeenSorted, time)
    }

    /// Index after the last element at or before `time` in a sorted array.
    private static func insertionIndex(_ sorted: [Timestamp], _ time: Timestamp) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Once per new bucket, forgets sightings and hosts not seen within the memory period.
    private func advance(_ state: inout State, to bucket: Int64) {
        guard bucket > state.newestBucket else { return }
        state.newestBucket = bucket
        sweep(&state)
    }

    private func sweep(_ state: inout State) {
        guard state.newestBucket > state.sweptBucket else { return }
        state.sweptBucket = state.newestBucket
        let oldest = state.newestBucket - Int64(RarityHostMemory.memoryBuckets)
        for (destination, record) in state.destinations
        where record.sightings.contains(where: { $0.lastBucket < oldest })
            || (record.overflowHosts > 0 && record.overflowLastBucket < oldest)
        {
            var kept = record
            kept.sightings.removeAll { $0.lastBucket < oldest }
            if kept.overflowLastBucket < oldest { kept.overflowHosts = 0 }
            state.destinations[destination] = kept.sightings.isEmpty && kept.overflowHosts == 0 ? nil : kept
        }
        let staleHosts = state.hosts.values.filter { $0.lastBucket < oldest }
        guard !staleHosts.isEmpty else { return }
        for host in staleHosts { state.hosts[host.host] = nil }
        state.hostFirstSeenSorted = state.hosts.values.map(\.firstSeen).sorted()
    }
}
