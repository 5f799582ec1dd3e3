#if canImport(Glibc)
import Glibc
#endif

/// The file operations of the outbox, on plain descriptors: read all lines, append with fsync,
/// replace atomically.
enum OutboxFile {
    /// Lines of the file at `path`, empty when it does not exist; the last line may be torn.
    static func readLines(_ path: String) throws(OutboxError) -> [String] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return [] }
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { _ = close(descriptor) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }

    static func openForAppend(_ path: String) throws(OutboxError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        return descriptor
    }

    /// Writes all of `bytes`, then fsyncs when asked; returns the error text on failure.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], sync: Bool) -> String? {
        guard !bytes.isEmpty else { return nil }
        guard descriptor >= 0 else { return "outbox is closed" }
        let failure: String? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
        if failure == nil && sync && fsync(descriptor) != 0 { return String(cString: strerror(errno)) }
        return failure
    }

    /// Replaces the file at `path` with `bytes` through `path.tmp` and a rename.
    static func replace(path: String, with bytes: [UInt8]) throws(OutboxError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw .cannotOpen(path: temporary, reason: String(cString: strerror(errno))) }
        let failure = writeAll(descriptor, bytes, sync: true) ?? (fsync(descriptor) == 0 ? nil : "fsync failed")
        _ = close(descriptor)
        if let failure { throw .cannotWrite(path: temporary, reason: failure) }

        guard rename(temporary, path) == 0 else {
            throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        syncFolder(of: path)
    }

    private static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let descriptor = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }
}
