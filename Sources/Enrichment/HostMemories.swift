/// What a `HostContextTable` remembers of one host.
struct HostMemory: Sendable {
    var processes: ProcessTable
    var dns: DNSCache
    var recent: RecentEvents
    /// The host's connections still waiting for their process creation.
    var pendingJoins = PendingJoins()
}

/// The hosts of one table in numbered slots: one hash lookup per event finds the host's slot,
/// and its memory is then read and changed in place, never copied out and back.
///
/// Slots are taken in arrival order; once `capacity` hosts are in memory, a new host takes the
/// slot of the oldest, so the first seen is forgotten first.
struct HostMemories: Sendable {
    /// Hosts kept at once.
    let capacity: Int
    private(set) var slotByHost: [String: Int] = [:]
    /// The host key in each slot.
    private(set) var keys: [String] = []
    /// The memory in each slot; change it in place through `memories[slot]`.
    var memories: [HostMemory] = []
    /// The slot of the oldest host, the next one reused once every slot is taken.
    private var oldestSlot = 0

    /// A `maximumHosts` below one keeps every host.
    init(maximumHosts: Int) {
        capacity = maximumHosts > 0 ? maximumHosts : Int.max
    }

    var count: Int { keys.count }

    func slot(of key: String) -> Int? {
        slotByHost[key]
    }

    /// Puts the memory of a host not in memory yet in a slot; returns the slot and, when it was
    /// the oldest host's, that host's key and memory.
    mutating func add(_ key: String, _ memory: HostMemory) -> (slot: Int, evicted: (key: String, memory: HostMemory)?) {
        guard keys.count >= capacity else {
            slotByHost[key] = keys.count
            keys.append(key)
            memories.append(memory)
            return (keys.count - 1, nil)
        }

        let slot = oldestSlot
        oldestSlot = (oldestSlot + 1) % capacity
        let evicted = (key: keys[slot], memory: memories[slot])
        slotByHost.removeValue(forKey: evicted.key)
        slotByHost[key] = slot
        keys[slot] = key
        memories[slot] = memory
        return (slot, evicted)
    }
}
