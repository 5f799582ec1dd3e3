#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to standard output and error, whole or not at all, so that output is
/// never lost to stdio buffering when the process exits or is stopped.
package enum StandardStreams {
    package static func output(_ text: String) { write(text, to: 1) }
    package static func error(_ text: String) { write(text, to: 2) }

    /// Writes all of `text` to `descriptor`; returns false when the descriptor refused it.
    @discardableResult
    package static func write(_ text: String, to descriptor: Int32) -> Bool {
        var copy = text
        return copy.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}
