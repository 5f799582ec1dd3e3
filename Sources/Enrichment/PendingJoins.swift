/// Unjoined connections by (host, PID, image), kept so that a creation record arriving later
/// can tell how many of them were joinable: the denominator of the join share.
struct PendingJoins: Sendable {
    struct Key: Hashable, Sendable {
        var host: String
        var pid: UInt32
        /// Lower-cased image name; empty when the connection did not name it.
        var image: String
    }

    private var counts: [Key: Int] = [:]

    /// Counts one more connection for `key`; false when `key` is new and `limit` keys are
    /// already remembered.
    mutating func add(_ key: Key, limit: Int) -> Bool {
        // One hash for a key already counted: the count is bumped in place through its index.
        if let index = counts.index(forKey: key) {
            counts.values[index] += 1
            return true
        }
        guard counts.count < limit else { return false }
        counts[key] = 1
        return true
    }

    /// The connections waiting for `key`'s creation, forgotten once returned. A creation
    /// also settles connections that named no image.
    mutating func remove(_ key: Key) -> Int {
        let named = counts.removeValue(forKey: key) ?? 0
        guard !key.image.isEmpty else { return named }
        var anonymous = key
        anonymous.image = ""
        return named + (counts.removeValue(forKey: anonymous) ?? 0)
    }
}
