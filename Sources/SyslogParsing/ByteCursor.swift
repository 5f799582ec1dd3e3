#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read position over one frame. `peek` looks without moving; `consume…`, `read…` and
/// `skip…` move only when they match. The position never passes `bytes.count`.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var index: Int

    init(_ bytes: UnsafeRawBufferPointer, at index: Int = 0) {
        self.bytes = bytes
        self.index = min(max(index, 0), bytes.count)
    }

    var isAtEnd: Bool { index >= bytes.count }

    /// The byte `offset` places ahead, or nil past the end.
    func peek(_ offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < bytes.count ? bytes[position] : nil
    }

    /// Whether the literal `#011` (a TAB escaped by an rsyslog relay) starts `offset` ahead.
    func peekEscapedTab(_ offset: Int = 0) -> Bool {
        peek(offset) == .asciiHash && peek(offset + 1) == .asciiZero && peek(offset + 2) == .asciiOne
            && peek(offset + 3) == .asciiOne
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func consumeEscapedTab() -> Bool {
        guard peekEscapedTab() else { return false }
        index += 4
        return true
    }

    /// Skips spaces and returns how many there were.
    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = index
        while peek() == .asciiSpace { index += 1 }
        return index - start
    }

    /// Reads up to `maximumDigits` decimal digits; nil (and no move) when there is none.
    mutating func readDigits(maximumDigits: Int) -> (value: Int, count: Int)? {
        var value = 0
        var count = 0
        while count < maximumDigits, let byte = peek(), byte.isASCIIDigit {
            value = value * 10 + Int(byte &- .asciiZero)
            count += 1
            index += 1
        }
        return count > 0 ? (value, count) : nil
    }

    /// Reads exactly `count` digits; nil (and no move) when fewer are there.
    mutating func readFixedDigits(_ count: Int) -> Int? {
        let start = index
        guard let digits = readDigits(maximumDigits: count), digits.count == count else {
            index = start
            return nil
        }
        return digits.value
    }

    /// Reads up to the next space (or the end) and returns the range, possibly empty.
    mutating func readToken() -> Range<Int> {
        let start = index
        guard start < bytes.count, let base = bytes.baseAddress else { return start..<start }
        // Header tokens (a timestamp, a host name) are long enough for `memchr` to pay.
        let space = memchr(base + start, Int32(UInt8.asciiSpace), bytes.count - start)
        index = space.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
        return start..<index
    }

    /// The bytes in `range` as a buffer whose index 0 is `range.lowerBound`.
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }
}

extension UInt8 {
    static let asciiTab: UInt8 = 0x09
    static let asciiLineFeed: UInt8 = 0x0A
    static let asciiCarriageReturn: UInt8 = 0x0D
    static let asciiSpace: UInt8 = 0x20
    static let asciiQuote: UInt8 = 0x22
    static let asciiHash: UInt8 = 0x23
    static let asciiAsterisk: UInt8 = 0x2A
    static let asciiMinus: UInt8 = 0x2D
    static let asciiDot: UInt8 = 0x2E
    static let asciiZero: UInt8 = 0x30
    static let asciiOne: UInt8 = 0x31
    static let asciiColon: UInt8 = 0x3A
    static let asciiLess: UInt8 = 0x3C
    static let asciiGreater: UInt8 = 0x3E
    static let asciiOpenBracket: UInt8 = 0x5B
    static let asciiBackslash: UInt8 = 0x5C
    static let asciiCloseBracket: UInt8 = 0x5D
    static let asciiOpenBrace: UInt8 = 0x7B

    var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isASCIIHexDigit: Bool { isASCIIDigit || (self | 0x20 >= 0x61 && self | 0x20 <= 0x66) }
    var isASCIIUppercaseLetter: Bool { self >= 0x41 && self <= 0x5A }
}
