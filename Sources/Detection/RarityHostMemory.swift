import WFPCore

/// The destinations one host reached, in a ring of time buckets covering the memory period.
///
/// A destination is remembered in the bucket it was last seen in (it moves to the newest bucket
/// when seen again), so it is forgotten `memory` to `memory` plus one bucket after it was last
/// seen; forgetting a whole bucket costs one assignment.
struct RarityHostMemory: Sendable {
    /// How a lookup went.
    enum Sighting {
        /// Seen in the newest bucket already.
        case current
        /// Seen in an older bucket; now moved to the newest one.
        case refreshed
        /// Not remembered: new for this host (remembered from now on when there was room).
        case first
    }

    static let memoryBuckets = 7

    /// Index `bucket % ring size` → destinations last seen in that bucket.
    var ring: [Set<RareDestinationKey>]
    var newestBucket: Int64
    /// Event time of the host's first event, for the learning period.
    let firstSeen: Timestamp
    var storedCount = 0

    init(bucket: Int64, time: Timestamp) {
        ring = Array(repeating: [], count: Self.memoryBuckets + 1)
        newestBucket = bucket
        firstSeen = time
    }

    /// Looks `destination` up as seen in `bucket` and remembers it, unless `capacity` is reached.
    mutating func see(_ destination: RareDestinationKey, bucket: Int64, capacity: Int) -> (Sighting, stored: Bool) {
        advance(to: bucket)
        let target = max(bucket, newestBucket - Int64(Self.memoryBuckets))
        let targetSlot = Self.slot(target)
        if ring[Self.slot(newestBucket)].contains(destination) || ring[targetSlot].contains(destination) {
            return (.current, true)
        }

        let older = (0..<ring.count).first { $0 != targetSlot && ring[$0].contains(destination) }
        if let older {
            // An out-of-order event does not move a destination back in time.
            guard target == newestBucket else { return (.current, true) }
            ring[older].remove(destination)
            ring[targetSlot].insert(destination)
            return (.refreshed, true)
        }
        guard storedCount < capacity else { return (.first, false) }
        ring[targetSlot].insert(destination)
        storedCount += 1
        return (.first, true)
    }

    /// Forgets the buckets that fall out of memory when `bucket` is newer than the newest.
    private mutating func advance(to bucket: Int64) {
        guard bucket > newestBucket else { return }
        let cleared = min(bucket - newestBucket, Int64(ring.count))
        for step in 0..<cleared {
            let slot = Self.slot(bucket - step)
            storedCount -= ring[slot].count
            ring[slot] = []
        }
        newestBucket = bucket
    }

    private static func slot(_ bucket: Int64) -> Int {
        let size = Int64(memoryBuckets + 1)
        return Int(((bucket % size) + size) % size)
    }
}
