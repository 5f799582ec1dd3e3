#if canImport(Glibc)
import Glibc
#endif

/// Reads how many datagrams the kernel dropped for one UDP socket (its receive buffer was
/// full), from the `drops` column of /proc/net/udp and /proc/net/udp6. The listener has no
/// other way to see them: they never reach user space.
enum KernelUDPDrops {
    /// The inode of `socketDescriptor`, which names the socket in /proc/net/udp.
    static func inode(of socketDescriptor: Int32) -> UInt64? {
        var status = stat()
        guard fstat(socketDescriptor, &status) == 0 else { return nil }
        return UInt64(status.st_ino)
    }

    /// The kernel's drop count for the socket with `inode`, or nil when neither table lists it.
    static func count(inode: UInt64) -> Int? {
        for table in ["/proc/net/udp", "/proc/net/udp6"] {
            if let drops = count(inode: inode, table: table) { return drops }
        }
        return nil
    }

    /// Lines are `sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops`.
    static func count(inode: UInt64, table: String) -> Int? {
        guard let text = readSmallFile(table) else { return nil }
        let wanted = String(inode)
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count >= 13, columns[9] == wanted else { continue }
            return Int(columns[12])
        }
        return nil
    }

    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while bytes.count < 16 * 1024 * 1024 {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
