#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes JSON string contents (the bytes between the quotes) into text.
package enum JSONText {
    /// The contents as a `String`, escapes decoded when `needsUnescape` says there are any.
    /// Lone surrogates and invalid UTF-8 become U+FFFD.
    package static func string(_ raw: UnsafeRawBufferPointer, needsUnescape: Bool) -> String {
        guard needsUnescape else { return String(decoding: raw, as: UTF8.self) }
        // Every escape is at least as long as the UTF-8 it stands for, so the raw length suffices.
        return String(unsafeUninitializedCapacity: raw.count) { output in
            unescape(raw, into: output)
        }
    }

    /// The contents with escapes decoded, as bytes (for a string that holds another document).
    package static func bytes(_ raw: UnsafeRawBufferPointer, needsUnescape: Bool) -> [UInt8] {
        guard needsUnescape else { return Array(raw) }
        return [UInt8](unsafeUninitializedCapacity: raw.count) { output, count in
            count = unescape(raw, into: output)
        }
    }

    /// Writes the decoded contents into `output` (at least `raw.count` bytes); returns the length.
    /// The escapes were checked by the scanner; anything unexpected is copied as it is.
    private static func unescape(_ raw: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard let source = raw.baseAddress, let target = output.baseAddress else { return 0 }
        var written = 0
        var index = 0
        while index < raw.count {
            // The bytes up to the next backslash go over in one copy (paths hold a few long runs).
            let hit = memchr(source + index, Int32(UInt8(ascii: "\\")), raw.count - index)
            let runEnd = hit.map { source.distance(to: UnsafeRawPointer($0)) } ?? raw.count
            UnsafeMutableRawPointer(target + written).copyMemory(from: source + index, byteCount: runEnd - index)
            written += runEnd - index
            index = runEnd
            guard index + 1 < raw.count else {
                // A backslash that ends the contents is kept as it is.
                if index < raw.count {
                    output[written] = raw[index]
                    written += 1
                }
                break
            }

            let marker = raw[index + 1]
            if marker == UInt8(ascii: "u"), let unit = codeUnit(raw, at: index) {
                let (scalar, consumed) = scalarValue(raw, firstUnit: unit, at: index)
                written += writeUTF8(scalar, into: output, at: written)
                index += consumed
                continue
            }
            output[written] = simpleEscape(marker)
            written += 1
            index += 2
        }
        return written
    }

    private static func simpleEscape(_ marker: UInt8) -> UInt8 {
        switch marker {
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: marker
        }
    }

    /// Joins a surrogate pair (`\uD83D\uDE00`); a lone surrogate becomes U+FFFD.
    private static func scalarValue(_ raw: UnsafeRawBufferPointer, firstUnit: UInt32, at index: Int) -> (UInt32, Int) {
        switch firstUnit {
        case 0xD800...0xDBFF:
            let next = index + 6
            if next + 1 < raw.count, raw[next] == UInt8(ascii: "\\"), raw[next + 1] == UInt8(ascii: "u"),
                let low = codeUnit(raw, at: next), (0xDC00...0xDFFF).contains(low)
            {
                return (0x10000 + ((firstUnit - 0xD800) << 10) + (low - 0xDC00), 12)
            }
            return (0xFFFD, 6)
        case 0xDC00...0xDFFF:
            return (0xFFFD, 6)
        default:
            return (firstUnit, 6)
        }
    }

    /// The value of the `\u` escape (four hex digits) at `index`, or nil if it is not one.
    private static func codeUnit(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index + 6 <= raw.count else { return nil }
        var value: UInt32 = 0
        for offset in 2..<6 {
            guard let digit = hexValue(raw[index + offset]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static func writeUTF8(
        _ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        switch scalar {
        case 0..<0x80:
            output[start] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[start] = UInt8(0xC0 | scalar >> 6)
            output[start + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[start] = UInt8(0xE0 | scalar >> 12)
            output[start + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[start + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[start] = UInt8(0xF0 | scalar >> 18)
            output[start + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[start + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[start + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
