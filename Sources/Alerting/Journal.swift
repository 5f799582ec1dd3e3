import CSystemd
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// Sends entries to the systemd journal through `sd_journal_sendv` (the variadic
/// `sd_journal_send` cannot be called from Swift).
package enum Journal {
    package static let identifier = "wfpwatch"
    /// journald's limit on field name length.
    package static let maximumFieldNameBytes = 64

    /// Sends one entry; returns 0 on success or a negative errno (no journal socket: `-ENOENT`).
    /// Fields whose names journald would drop silently (see `isValidFieldName`) are left out.
    package static func send(_ fields: [(String, String)]) -> Int32 {
        // One buffer holds every `NAME=value`; the iovecs point into it while the call runs.
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for (name, value) in fields where isValidFieldName(name) {
            let start = buffer.count
            buffer.append(contentsOf: name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: value.utf8)
            ranges.append(start..<buffer.count)
        }
        guard !ranges.isEmpty else { return -EINVAL }

        return buffer.withUnsafeMutableBytes { bytes in
            let vectors = ranges.map { range in
                iovec(iov_base: bytes.baseAddress! + range.lowerBound, iov_len: range.count)
            }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
    }

    /// journald keeps only names of `A-Z`, `0-9` and `_`, not starting with `_`, at most 64
    /// bytes; anything else is dropped without an error, so it is checked here.
    package static func isValidFieldName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first, first != UInt8(ascii: "_"), bytes.count <= maximumFieldNameBytes else {
            return false
        }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    /// `WFPWATCH_<KEY>` with the key upper-cased and every other character turned into `_`
    /// (`dst_ip` → `WFPWATCH_DST_IP`, `frame.bytes` → `WFPWATCH_FRAME_BYTES`).
    package static func fieldName(forKey key: String) -> String {
        var name = "WFPWATCH_"
        for byte in key.utf8.prefix(maximumFieldNameBytes - name.utf8.count) {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): name.unicodeScalars.append(Unicode.Scalar(byte - 0x20))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                name.unicodeScalars.append(Unicode.Scalar(byte))
            default: name += "_"
            }
        }
        return name
    }

    /// The text of a negative errno from `send`.
    package static func errorText(_ result: Int32) -> String {
        String(cString: strerror(-result))
    }
}
