import Receiving
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// A capture file (or standard input) read as one TCP stream would be: chunk by chunk through
/// a framer.
package struct StreamInput {
    package var name: String
    package var descriptor: Int32
    /// The file's modification time; now for standard input.
    package var modifiedAt: Timestamp

    /// Opens every path in order; on the first that fails, closes those already open, prints
    /// `wfpwatch: COMMAND: PATH: reason` and returns nil (the caller exits 66).
    package static func openAll(_ paths: [String], command: String) -> [StreamInput]? {
        var inputs: [StreamInput] = []
        for path in paths {
            do {
                inputs.append(try open(path))
            } catch {
                inputs.forEach { $0.close() }
                StandardStreams.error("wfpwatch: \(command): \(error.path): \(error.reason)\n")
                return nil
            }
        }
        return inputs
    }

    /// Opens `path` (`-` is standard input).
    package static func open(_ path: String) throws(FileReadError) -> StreamInput {
        let descriptor = path == "-" ? 0 : Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path) }
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            Glibc.close(descriptor)
            throw FileReadError(path: path, reason: String(cString: strerror(EISDIR)), errorNumber: EISDIR)
        }
        let modifiedAt = path == "-" || (status.st_mode & S_IFMT) != S_IFREG
            ? WallClock.now()
            : Timestamp(secondsSinceEpoch: Int64(status.st_mtim.tv_sec), nanoseconds: Int64(status.st_mtim.tv_nsec))
        return StreamInput(name: path, descriptor: descriptor, modifiedAt: modifiedAt)
    }

    /// Feeds every chunk to `framer`, calling `frame` per frame and `endOfRead` after each
    /// chunk, and finishes the framer at the end of the stream.
    package func feed(
        through framer: inout TCPFramer, frame: (UnsafeRawBufferPointer, FrameInfo) -> Void,
        endOfRead: () -> Void
    ) throws(FileReadError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }

        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Self.failure(name) }
            guard count > 0 else { break }
            framer.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), frame)
            endOfRead()
        }
        framer.finish(frame)
        endOfRead()
    }

    /// The whole input, of which the first `limit` bytes are kept, and its full length.
    package func readAll(upTo limit: Int) throws(FileReadError) -> (bytes: [UInt8], length: Int) {
        var bytes: [UInt8] = []
        var length = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Self.failure(name) }
            guard count > 0 else { break }
            length += count
            bytes.append(contentsOf: chunk[0..<min(count, max(0, limit - bytes.count))])
        }
        return (bytes, length)
    }

    package func close() {
        if descriptor != 0 { Glibc.close(descriptor) }
    }

    private static func failure(_ path: String) -> FileReadError {
        let number = errno
        return FileReadError(path: path, reason: String(cString: strerror(number)), errorNumber: number)
    }
}
