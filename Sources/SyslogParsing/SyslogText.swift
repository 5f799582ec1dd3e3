/// Turns header ranges into text, and checks bytes for UTF-8 without decoding them.
///
/// Syslog carries whatever bytes the sender had; these helpers never fail on them.
public enum SyslogText {
    /// What to do with bytes that are not valid UTF-8.
    public enum InvalidByteDecoding: Sendable {
        /// Each invalid sequence becomes U+FFFD.
        case replacementCharacter
        /// Each invalid byte is read as Windows-1252 (`0xE9` → `é`), for sources known to send
        /// ANSI code page text. Valid UTF-8 around it is kept as UTF-8.
        case windows1252
    }

    /// The bytes of `range` (clamped to the frame) as a string.
    public static func string(
        _ range: Range<Int>, in frame: UnsafeRawBufferPointer,
        invalidBytes: InvalidByteDecoding = .replacementCharacter
    ) -> String {
        let bytes = UnsafeRawBufferPointer(rebasing: frame[range.clamped(to: 0..<frame.count)])
        if invalidBytes == .replacementCharacter || isValidUTF8(bytes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return decodingWindows1252Fallback(bytes)
    }

    /// Whether `bytes` are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
    /// past U+10FFFF). ASCII is checked eight bytes at a time.
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < bytes.count {
            index = asciiRunEnd(in: bytes, from: index)
            guard index < bytes.count else { return true }
            let length = sequenceLength(in: bytes, at: index)
            guard length > 0 else { return false }
            index += length
        }
        return true
    }

    /// Whether the bytes of `range` (clamped to the frame) are well-formed UTF-8.
    public static func isValidUTF8(_ range: Range<Int>, in frame: UnsafeRawBufferPointer) -> Bool {
        isValidUTF8(UnsafeRawBufferPointer(rebasing: frame[range.clamped(to: 0..<frame.count)]))
    }

    /// The first index at or after `start` holding a byte of 0x80 or more, or the end.
    private static func asciiRunEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        // Four words a step over the long ASCII stretches of events, then one word at a time.
        while index + 32 <= bytes.count {
            let first = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                | bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
            let second = bytes.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
                | bytes.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
            guard (first | second) & 0x8080_8080_8080_8080 == 0 else { break }
            index += 32
        }
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            guard word & 0x8080_8080_8080_8080 == 0 else { break }
            index += 8
        }
        while index < bytes.count, bytes[index] < 0x80 { index += 1 }
        return index
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or 0 when it is not one.
    static func sequenceLength(in bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        func byte(_ offset: Int, in range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch bytes[index] {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return byte(1) ? 2 : 0
        case 0xE0: return byte(1, in: 0xA0...0xBF) && byte(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return byte(1) && byte(2) ? 3 : 0
        case 0xED: return byte(1, in: 0x80...0x9F) && byte(2) ? 3 : 0
        case 0xF0: return byte(1, in: 0x90...0xBF) && byte(2) && byte(3) ? 4 : 0
        case 0xF1...0xF3: return byte(1) && byte(2) && byte(3) ? 4 : 0
        case 0xF4: return byte(1, in: 0x80...0x8F) && byte(2) && byte(3) ? 4 : 0
        default: return 0
        }
    }

    /// Valid UTF-8 runs decoded as such; every byte outside them read as Windows-1252.
    private static func decodingWindows1252Fallback(_ bytes: UnsafeRawBufferPointer) -> String {
        var text = ""
        text.reserveCapacity(bytes.count + bytes.count / 2)
        var runStart = 0
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(in: bytes, at: index)
            if length > 0 {
                index += length
                continue
            }
            text += String(decoding: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self)
            text.unicodeScalars.append(windows1252Scalar(bytes[index]))
            index += 1
            runStart = index
        }
        text += String(decoding: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self)
        return text
    }

    /// Windows-1252 for one byte: Latin-1 except 0x80–0x9F; its five unassigned bytes give U+FFFD.
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        guard byte >= 0x80, byte <= 0x9F else { return Unicode.Scalar(byte) }
        return Unicode.Scalar(windows1252HighControls[Int(byte - 0x80)]) ?? "\u{FFFD}"
    }

    private static let windows1252HighControls: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
