import WFPCore

extension RareDestinationKey {
    /// A tag byte (0 address, 1 name), then the address or the name.
    package func encode(into encoder: inout StateEncoder) {
        switch self {
        case .address(let address):
            encoder.write(UInt8(0))
            encoder.write(address)
        case .name(let name):
            encoder.write(UInt8(1))
            encoder.write(name)
        }
    }

    package init(decoding decoder: inout StateDecoder) throws(StateFileError) {
        let offset = decoder.offset
        switch try decoder.readUInt8() {
        case 0: self = .address(try decoder.readAddress())
        case 1: self = .name(try decoder.readString("destination name"))
        case let other: throw .invalidValue(what: "destination kind", value: String(other), offset: offset)
        }
    }
}

extension RareDestinationTracker {
    /// One host's first-seen memory: its ring of buckets, as the tracker holds it.
    package struct HostSnapshot: Sendable {
        package var host: String
        package var firstSeen: Timestamp
        package var newestBucket: Int64
        /// Destinations per ring slot (`bucket % slots`), `RarityHostMemory.memoryBuckets + 1` slots.
        package var ring: [[RareDestinationKey]]
    }

    /// Every host's memory, in no particular order.
    package func snapshot() -> [HostSnapshot] {
        hosts.map { host, memory in
            HostSnapshot(
                host: host, firstSeen: memory.firstSeen, newestBucket: memory.newestBucket,
                ring: memory.ring.map { Array($0) })
        }
    }

    /// Takes the memory of the hosts `owns` accepts, within the host and destination caps, when
    /// it was saved with this tracker's bucket width (another `memory` setting makes the saved
    /// buckets meaningless, and rarity learns again). Returns the hosts taken.
    @discardableResult
    package mutating func restore(
        _ saved: [HostSnapshot], bucketNanoseconds savedBucket: Int64, owns: (String) -> Bool
    ) -> Int {
        guard configuration.enabled, savedBucket == bucketNanoseconds else { return 0 }
        var restored = 0
        for entry in saved where owns(entry.host) && hosts[entry.host] == nil {
            guard hosts.count < configuration.maximumHosts, entry.ring.count == RarityHostMemory.memoryBuckets + 1
            else { continue }
            var memory = RarityHostMemory(bucket: entry.newestBucket, time: entry.firstSeen)
            for (slot, destinations) in entry.ring.enumerated() {
                for destination in destinations where memory.storedCount < configuration.maximumDestinationsPerHost {
                    if memory.ring[slot].insert(destination).inserted { memory.storedCount += 1 }
                }
            }
            hosts[entry.host] = memory
            restored += 1
        }
        return restored
    }

    // MARK: Encoding

    package static func encode(_ hosts: [HostSnapshot], bucketNanoseconds: Int64, into encoder: inout StateEncoder) {
        encoder.write(bucketNanoseconds)
        encoder.writeCount(hosts.count)
        for entry in hosts {
            encoder.write(entry.host)
            encoder.write(entry.firstSeen)
            encoder.write(entry.newestBucket)
            encoder.writeCount(entry.ring.count)
            for slot in entry.ring {
                encoder.writeCount(slot.count)
                for destination in slot { destination.encode(into: &encoder) }
            }
        }
    }

    /// Reads what `encode` wrote: the bucket width and the hosts.
    package static func decode(
        _ decoder: inout StateDecoder
    ) throws(StateFileError) -> (bucketNanoseconds: Int64, hosts: [HostSnapshot]) {
        let bucket = try decoder.readInt64()
        let count = try decoder.readCount("rarity hosts", minimumBytesEach: 4 + 8 + 8 + 4)
        var hosts: [HostSnapshot] = []
        hosts.reserveCapacity(count)
        for _ in 0..<count {
            let host = try decoder.readString("host")
            let firstSeen = try decoder.readTimestamp()
            let newestBucket = try decoder.readInt64()
            let slots = try decoder.readCount(
                "rarity ring", minimumBytesEach: 4, limit: RarityHostMemory.memoryBuckets + 1)
            var ring: [[RareDestinationKey]] = []
            for _ in 0..<slots {
                let size = try decoder.readCount("rarity bucket", minimumBytesEach: 17)
                var destinations: [RareDestinationKey] = []
                destinations.reserveCapacity(size)
                for _ in 0..<size { destinations.append(try RareDestinationKey(decoding: &decoder)) }
                ring.append(destinations)
            }
            hosts.append(HostSnapshot(host: host, firstSeen: firstSeen, newestBucket: newestBucket, ring: ring))
        }
        try decoder.expectEnd("rarity section")
        return (bucket, hosts)
    }
}
