#if canImport(Glibc)
import Glibc
#endif

/// A file that could not be opened or read, with the system's reason.
package struct FileReadError: Error, Equatable {
    package var path: String
    /// `strerror` text, e.g. "No such file or directory".
    package var reason: String
    package var errorNumber: Int32
}

/// Whole-file reads with POSIX calls, so that errors carry the system's own wording.
package enum FileContents {
    /// The bytes of `path`.
    package static func read(path: String) throws(FileReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path) }
        defer { close(descriptor) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure(path) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private static func failure(_ path: String) -> FileReadError {
        let number = errno
        return FileReadError(path: path, reason: String(cString: strerror(number)), errorNumber: number)
    }
}
