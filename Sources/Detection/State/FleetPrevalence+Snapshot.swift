import WFPCore

extension FleetPrevalence {
    /// The fleet-wide memory: which hosts reached which destination first, and when each host
    /// was first seen. Saved once (it is shared by every worker), not per host.
    package struct Snapshot: Sendable {
        package struct SavedSighting: Sendable {
            package var host: String
            package var firstSeen: Timestamp
            package var lastBucket: Int64
        }

        package struct SavedDestination: Sendable {
            package var destination: RareDestinationKey
            package var sightings: [SavedSighting]
            package var overflowHosts: Int
            package var overflowLastBucket: Int64
        }

        package var bucketNanoseconds: Int64 = 0
        package var newestBucket: Int64 = .min
        package var hosts: [SavedSighting] = []
        package var destinations: [SavedDestination] = []

        package init() {}
    }

    package func snapshot() -> Snapshot {
        state.withLock { state in
            var snapshot = Snapshot()
            snapshot.bucketNanoseconds = bucketNanoseconds
            snapshot.newestBucket = state.newestBucket
            snapshot.hosts = state.hosts.values.map(Self.saved)
            snapshot.destinations = state.destinations.map { destination, record in
                Snapshot.SavedDestination(
                    destination: destination, sightings: record.sightings.map(Self.saved),
                    overflowHosts: record.overflowHosts, overflowLastBucket: record.overflowLastBucket)
            }
            return snapshot
        }
    }

    /// Takes the saved memory when this fleet is empty and keeps buckets of the same width;
    /// returns the destinations taken (at most `maximumFleetDestinations`).
    @discardableResult
    package func restore(_ snapshot: Snapshot) -> Int {
        guard snapshot.bucketNanoseconds == bucketNanoseconds else { return 0 }
        return state.withLock { state in
            guard state.destinations.isEmpty, state.hosts.isEmpty else { return 0 }
            state.newestBucket = snapshot.newestBucket
            state.sweptBucket = snapshot.newestBucket
            for host in snapshot.hosts { state.hosts[host.host] = Self.sighting(host) }
            state.hostFirstSeenSorted = state.hosts.values.map(\.firstSeen).sorted()

            for saved in snapshot.destinations.prefix(maximumDestinations) {
                var record = Record()
                record.sightings = saved.sightings.prefix(Self.maximumSightings).map(Self.sighting)
                    .sorted { $0.precedes($1) }
                record.overflowHosts = max(0, saved.overflowHosts)
                record.overflowLastBucket = saved.overflowLastBucket
                state.destinations[saved.destination] = record
            }
            return state.destinations.count
        }
    }

    private static func saved(_ sighting: Sighting) -> Snapshot.SavedSighting {
        Snapshot.SavedSighting(host: sighting.host, firstSeen: sighting.firstSeen, lastBucket: sighting.lastBucket)
    }

    private static func sighting(_ saved: Snapshot.SavedSighting) -> Sighting {
        Sighting(firstSeen: saved.firstSeen, host: saved.host, lastBucket: saved.lastBucket)
    }
}

extension FleetPrevalence.Snapshot {
    package func encode(into encoder: inout StateEncoder) {
        encoder.write(bucketNanoseconds)
        encoder.write(newestBucket)
        encoder.writeCount(hosts.count)
        for host in hosts { Self.encode(host, into: &encoder) }
        encoder.writeCount(destinations.count)
        for saved in destinations {
            saved.destination.encode(into: &encoder)
            encoder.write(UInt32(clamping: saved.overflowHosts))
            encoder.write(saved.overflowLastBucket)
            encoder.writeCount(saved.sightings.count)
            for sighting in saved.sightings { Self.encode(sighting, into: &encoder) }
        }
    }

    package init(decoding decoder: inout StateDecoder) throws(StateFileError) {
        bucketNanoseconds = try decoder.readInt64()
        newestBucket = try decoder.readInt64()
        let hostCount = try decoder.readCount("fleet hosts", minimumBytesEach: Self.sightingBytes)
        hosts.reserveCapacity(hostCount)
        for _ in 0..<hostCount { hosts.append(try Self.decodeSighting(&decoder)) }

        let count = try decoder.readCount("fleet destinations", minimumBytesEach: 17 + 4 + 8 + 4)
        destinations.reserveCapacity(count)
        for _ in 0..<count {
            let destination = try RareDestinationKey(decoding: &decoder)
            let overflowHosts = Int(try decoder.readUInt32())
            let overflowLastBucket = try decoder.readInt64()
            let sightingCount = try decoder.readCount(
                "destination sightings", minimumBytesEach: Self.sightingBytes,
                limit: FleetPrevalence.maximumSightings)
            var sightings: [SavedSighting] = []
            sightings.reserveCapacity(sightingCount)
            for _ in 0..<sightingCount { sightings.append(try Self.decodeSighting(&decoder)) }
            destinations.append(
                SavedDestination(
                    destination: destination, sightings: sightings, overflowHosts: overflowHosts,
                    overflowLastBucket: overflowLastBucket))
        }
        try decoder.expectEnd("fleet section")
    }

    private static let sightingBytes = 4 + 8 + 8

    private static func encode(_ sighting: SavedSighting, into encoder: inout StateEncoder) {
        encoder.write(sighting.host)
        encoder.write(sighting.firstSeen)
        encoder.write(sighting.lastBucket)
    }

    private static func decodeSighting(_ decoder: inout StateDecoder) throws(StateFileError) -> SavedSighting {
        let host = try decoder.readString("host")
        let firstSeen = try decoder.readTimestamp()
        return SavedSighting(host: host, firstSeen: firstSeen, lastBucket: try decoder.readInt64())
    }
}
