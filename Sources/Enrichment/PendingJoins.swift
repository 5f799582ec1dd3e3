/// One host's unjoined connections by (PID, image), kept so that a creation record arriving
/// later can tell how many of them were joinable: the denominator of the join share.
struct PendingJoins: Sendable {
    struct Key: Hashable, Sendable {
        var pid: UInt32
        /// Lower-cased image name; empty when the connection did not name it.
        /// Hashed with the PID: the sender chooses both, and a hash of the PID alone would let
        /// it pile every key of a host into one probe chain.
        var image: String
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

    private var counts: [Key: Int] = [:]
    private static let initialKeyCapacity = 8

    /// Keys remembered.
    var keyCount: Int { counts.count }

    /// Counts one more connection for `key`; a new key only when `allowingNewKey`.
    mutating func add(_ key: Key, allowingNewKey: Bool) -> Addition {
        guard allowingNewKey else {
            guard let index = counts.index(forKey: key) else { return .refused }
            counts.values[index] += 1
            return .counted
        }

        // Room for a few keys at once: a host's table would otherwise regrow for each of its first ones.
        if counts.isEmpty { counts = Dictionary(minimumCapacity: Self.initialKeyCapacity) }
        // One hash whether the key is new or not: the count is bumped or set in place.
        let keysBefore = counts.count
        counts[key, default: 0] += 1
        return counts.count > keysBefore ? .added : .counted
    }

    /// The connections waiting for `key`'s creation and the keys they were under, forgotten
    /// once returned. A creation also settles connections that named no image.
    mutating func remove(_ key: Key) -> (connections: Int, keys: Int) {
        guard !counts.isEmpty else { return (0, 0) }
        let named = counts.removeValue(forKey: key)
        var anonymous: Int?
        if !key.image.isEmpty { anonymous = counts.removeValue(forKey: Key(pid: key.pid, image: "")) }
        let keys = (named == nil ? 0 : 1) + (anonymous == nil ? 0 : 1)
        return ((named ?? 0) + (anonymous ?? 0), keys)
    }
}
