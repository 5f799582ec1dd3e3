/// A bounded map from keys to fixed-size state, kept in least-recently-used order.
///
/// Values live inline in one contiguous slot array (no allocation per key once the array has
/// grown); a dictionary maps each key to its slot, and the slots form a doubly linked list from
/// the most to the least recently touched. Inserting past `capacity` evicts the least recently
/// used key; `expire(before:)` drops keys whose last event time is older than a cutoff. Both
/// are counted.
package struct KeyStore<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Slot: Sendable {
        var key: Key
        var value: Value
        /// Latest event time (nanoseconds) that touched the key.
        var lastSeenNanoseconds: Int64
        var older: Int32
        var newer: Int32
    }

    private static var none: Int32 { -1 }

    package let capacity: Int
    private var index: [Key: Int32] = [:]
    private var slots: [Slot] = []
    private var freeSlots: [Int32] = []
    private var newest: Int32 = KeyStore.none
    private var oldest: Int32 = KeyStore.none
    package private(set) var evictedCount = 0
    package private(set) var expiredCount = 0

    package init(capacity: Int) {
        precondition(capacity > 0, "a key store needs room for at least one key, got \(capacity)")
        self.capacity = capacity
    }

    package var count: Int { index.count }

    /// Bytes one tracked key costs: its slot plus its dictionary entry (key, slot index, and the
    /// table's spare room at its maximum load of 3/4).
    package static var bytesPerKey: Int {
        let entry = MemoryLayout<Key>.stride + MemoryLayout<Int32>.stride
        return MemoryLayout<Slot>.stride + entry * 4 / 3 + 1
    }

    /// Runs `body` on the value of `key`, creating it with `make` when the key is new (which may
    /// evict the least recently used key), and marks the key as used at `nanoseconds`.
    package mutating func update<Result>(
        _ key: Key, at nanoseconds: Int64, make: () -> Value, _ body: (inout Value) -> Result
    ) -> Result {
        let slot = index[key] ?? insert(key, value: make(), at: nanoseconds)
        let position = Int(slot)
        slots[position].lastSeenNanoseconds = max(slots[position].lastSeenNanoseconds, nanoseconds)
        moveToNewest(slot)
        return body(&slots[position].value)
    }

    package func value(for key: Key) -> Value? {
        index[key].map { slots[Int($0)].value }
    }

    /// Calls `body` with every key, its value and its last event time, least recently used
    /// first (the order that, replayed through `update`, rebuilds the same recency order).
    package func forEachOldestFirst(_ body: (Key, Value, Int64) -> Void) {
        var slot = oldest
        while slot != Self.none {
            let entry = slots[Int(slot)]
            body(entry.key, entry.value, entry.lastSeenNanoseconds)
            slot = entry.newer
        }
    }

    /// Drops every key not touched since `cutoffNanoseconds`, oldest first, and returns how many.
    @discardableResult
    package mutating func expire(before cutoffNanoseconds: Int64) -> Int {
        var dropped = 0
        while oldest != Self.none, slots[Int(oldest)].lastSeenNanoseconds < cutoffNanoseconds {
            remove(oldest)
            dropped += 1
        }
        expiredCount += dropped
        return dropped
    }

    /// Drops every key `isDropped` selects and returns how many (a reload's allowlist purge).
    @discardableResult
    package mutating func removeAll(where isDropped: (Key) -> Bool) -> Int {
        let doomed = index.filter { isDropped($0.key) }.map(\.value)
        for slot in doomed { remove(slot) }
        return doomed.count
    }

    // MARK: Slots and links

    private mutating func insert(_ key: Key, value: Value, at nanoseconds: Int64) -> Int32 {
        if index.count >= capacity, oldest != Self.none {
            remove(oldest)
            evictedCount += 1
        }

        let fresh = Slot(key: key, value: value, lastSeenNanoseconds: nanoseconds, older: Self.none, newer: Self.none)
        let slot: Int32
        if let reused = freeSlots.popLast() {
            slot = reused
            slots[Int(slot)] = fresh
        } else {
            slot = Int32(slots.count)
            slots.append(fresh)
        }
        index[key] = slot
        linkAsNewest(slot)
        return slot
    }

    private mutating func remove(_ slot: Int32) {
        unlink(slot)
        index[slots[Int(slot)].key] = nil
        freeSlots.append(slot)
    }

    private mutating func moveToNewest(_ slot: Int32) {
        guard newest != slot else { return }
        unlink(slot)
        linkAsNewest(slot)
    }

    private mutating func linkAsNewest(_ slot: Int32) {
        slots[Int(slot)].older = newest
        slots[Int(slot)].newer = Self.none
        if newest != Self.none { slots[Int(newest)].newer = slot }
        newest = slot
        if oldest == Self.none { oldest = slot }
    }

    private mutating func unlink(_ slot: Int32) {
        let older = slots[Int(slot)].older
        let newer = slots[Int(slot)].newer
        if older != Self.none { slots[Int(older)].newer = newer } else { oldest = newer }
        if newer != Self.none { slots[Int(newer)].older = older } else { newest = older }
        slots[Int(slot)].older = Self.none
        slots[Int(slot)].newer = Self.none
    }
}
