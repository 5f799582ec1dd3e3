/// One host's unjoined connections by (PID, image), kept so that a creation record arriving
/// later can tell how many of them were joinable: the denominator of the join share.
///
/// A small open-addressing table of plain values: a key is its PID and a 64-bit fingerprint
/// of (PID, image), so no image string is stored, retained or compared. Linear probing; a
/// removal shifts the rest of its run back, so there are no tombstones.
struct PendingJoins: Sendable {
    struct Key: Sendable {
        var pid: UInt32
        /// Seeded hash of the PID and the lower-cased image (empty when the connection did not
        /// name it). The seed is Swift's per-process random one: the sender chooses PID and
        /// image, and must not be able to aim keys at one probe run or make two images collide.
        var fingerprint: UInt64
        /// Whether the image was named; a creation settles the PID's unnamed key as well.
        var namesImage: Bool

        init(pid: UInt32, image: String) {
            var hasher = Hasher()
            hasher.combine(pid)
            hasher.combine(image)
            let fingerprint = UInt64(truncatingIfNeeded: hasher.finalize())
            self.init(pid: pid, fingerprint: fingerprint, namesImage: !image.isEmpty)
        }

        fileprivate init(pid: UInt32, fingerprint: UInt64, namesImage: Bool) {
            self.pid = pid
            self.fingerprint = fingerprint
            self.namesImage = namesImage
        }
    }

    /// What `add` did.
    enum Addition: Equatable, Sendable {
        /// The key was already waiting: one more connection on it.
        case counted
        /// The key is new.
        case added
        /// The key is new and no new key was allowed.
        case refused
    }

    /// One slot of the table; `connections == 0` marks it free.
    private struct Slot: Sendable {
        var fingerprint: UInt64 = 0
        var connections = 0
        var pid: UInt32 = 0
    }

    /// Empty until the first key, then a power of two at most three quarters full.
    private var slots: [Slot] = []
    /// `slots.count - 1`, kept beside the array so that a probe's first slot is found without
    /// first reading the array's header from a cold host memory.
    private var slotMask = 0
    private static let initialSlotCount = 8

    /// Keys remembered.
    private(set) var keyCount = 0

    /// Counts one more connection for `key`; a new key only when `allowingNewKey`.
    mutating func add(_ key: Key, allowingNewKey: Bool) -> Addition {
        var index = keyCount == 0 ? nil : probe(key)
        if let found = index, slots[found].connections > 0 {
            slots[found].connections += 1
            return .counted
        }
        guard allowingNewKey else { return .refused }

        // Grown before the insert, so the probe always ends at a free slot.
        if (keyCount + 1) * 4 > slots.count * 3 {
            grow()
            index = probe(key)
        }
        slots[index ?? probe(key)] = Slot(fingerprint: key.fingerprint, connections: 1, pid: key.pid)
        keyCount += 1
        return .added
    }

    /// The connections waiting for `key`'s creation and the keys they were under, forgotten
    /// once returned. A creation also settles connections that named no image.
    mutating func remove(_ key: Key) -> (connections: Int, keys: Int) {
        guard keyCount > 0 else { return (0, 0) }
        let named = removeValue(for: key)
        let anonymous = key.namesImage ? removeValue(for: Key(pid: key.pid, image: "")) : 0
        return (named + anonymous, (named == 0 ? 0 : 1) + (anonymous == 0 ? 0 : 1))
    }

    // MARK: Table

    /// The slot holding `key`, or the free slot ending its probe run.
    private func probe(_ key: Key) -> Int {
        let mask = slotMask
        var index = Int(truncatingIfNeeded: key.fingerprint) & mask
        while slots[index].connections > 0 {
            if slots[index].fingerprint == key.fingerprint && slots[index].pid == key.pid { return index }
            index = (index + 1) & mask
        }
        return index
    }

    /// Removes `key` and returns its connections (zero when it was not there).
    private mutating func removeValue(for key: Key) -> Int {
        var free = probe(key)
        let connections = slots[free].connections
        guard connections > 0 else { return 0 }
        keyCount -= 1

        // Backward shift: each later slot of the run moves into the hole unless its home lies
        // cyclically after the hole (it would then be unreachable from its home).
        let mask = slotMask
        var index = (free + 1) & mask
        while slots[index].connections > 0 {
            let home = Int(truncatingIfNeeded: slots[index].fingerprint) & mask
            if (index - home) & mask >= (index - free) & mask {
                slots[free] = slots[index]
                free = index
            }
            index = (index + 1) & mask
        }
        slots[free] = Slot()
        return connections
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: max(Self.initialSlotCount, old.count * 2))
        slotMask = slots.count - 1
        for slot in old where slot.connections > 0 {
            slots[probe(Key(pid: slot.pid, fingerprint: slot.fingerprint, namesImage: true))] = slot
        }
    }
}
