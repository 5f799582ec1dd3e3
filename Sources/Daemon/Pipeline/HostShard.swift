/// Picks a worker for a host with 64-bit FNV-1a over the host name, ASCII case folded.
///
/// The hash is fixed (unlike Swift's per-process seeded `Hasher`) so a host lands on the same
/// worker in every run, which keeps replay output and per-host ordering reproducible.
package enum HostShard {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    package static func hash(_ host: String) -> UInt64 {
        var hash = offsetBasis
        for byte in host.utf8 {
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            hash = (hash ^ UInt64(folded)) &* prime
        }
        return hash
    }

    package static func index(forHost host: String, shardCount: Int) -> Int {
        shardCount <= 1 ? 0 : Int(hash(host) % UInt64(shardCount))
    }
}
