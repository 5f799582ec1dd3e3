/// The order in which entries of a keyed table were inserted, for evicting the oldest first.
///
/// Each insertion gets a serial; the table stores it beside the entry, and eviction takes
/// (key, serial) pairs from the front, skipping those whose entry is already gone. The
/// consumed front is dropped once it outweighs the rest, so appends stay amortized O(1).
struct InsertionOrder<Key: Hashable & Sendable>: Sendable {
    private var queue: [(key: Key, serial: UInt64)] = []
    private var head = 0
    private var nextSerial: UInt64 = 0

    /// Queue items not taken yet, stale ones included.
    var pendingCount: Int { queue.count - head }

    /// Records an insertion under `key` and returns its serial.
    mutating func append(_ key: Key) -> UInt64 {
        let serial = nextSerial
        nextSerial += 1
        queue.append((key, serial))
        return serial
    }

    /// The oldest insertion not taken yet.
    mutating func takeOldest() -> (key: Key, serial: UInt64)? {
        guard head < queue.count else { return nil }
        defer { head += 1 }
        return queue[head]
    }

    /// Drops the taken front once it is more than half of the queue.
    mutating func dropTakenFront() {
        guard head > 64 && head * 2 > queue.count else { return }
        queue.removeFirst(head)
        head = 0
    }

    /// Replaces the queue with the live insertions, oldest first (after renewals left many
    /// stale items behind).
    mutating func rebuild(from live: [(key: Key, serial: UInt64)]) {
        queue = live.sorted { $0.serial < $1.serial }
        head = 0
    }
}
