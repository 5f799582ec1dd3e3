extension JSONScanner {
    /// Reads the string whose opening quote is at `index`; returns the contents' range and
    /// whether it holds escapes. Escapes are checked here and decoded only on demand.
    mutating func scanString() throws(JSONScanError) -> (Range<Int>, Bool) {
        let start = index + 1
        var cursor = start
        var escaped = false
        // Eight bytes a step while they last: cheaper than `memchr` on the short strings and
        // frequent escapes of events. The last bytes and any bad escape go to `memchr` below.
        // Reading through the base address, checked once, against the last word's start spares
        // each step an overflow and a null check.
        guard let base = bytes.baseAddress else {
            return try scanStringRest(start: start, from: cursor, escaped: false)
        }
        let lastWordStart = bytes.count - 8
        while cursor <= lastWordStart {
            let word = base.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)
            let special = JSONScanner.quoteOrBackslashMask(word)
            if special == 0 {
                cursor &+= 8
                continue
            }
            let hit = cursor &+ special.trailingZeroBitCount / 8
            if base.load(fromByteOffset: hit, as: UInt8.self) == UInt8(ascii: "\"") {
                index = hit + 1
                return (start..<hit, escaped)
            }
            guard let next = try? endOfEscape(at: hit) else {
                cursor = hit
                break
            }
            escaped = true
            cursor = next
        }
        return try scanStringRest(start: start, from: cursor, escaped: escaped)
    }

    /// `scanString` from `cursor` on, after the escapes before it were found good: one `memchr`
    /// for the closing quote, one for a backslash before it, until no escape is left.
    private mutating func scanStringRest(
        start: Int, from cursor: Int, escaped: Bool
    ) throws(JSONScanError) -> (Range<Int>, Bool) {
        var cursor = cursor
        var escaped = escaped
        var quote = -1

        while true {
            if quote < cursor {
                guard let found = find(UInt8(ascii: "\""), from: cursor, end: bytes.count) else {
                    throw JSONScanError(reason: .unexpectedEnd, offset: bytes.count)
                }
                quote = found
            }
            guard let slash = find(UInt8(ascii: "\\"), from: cursor, end: quote) else {
                index = quote + 1
                return (start..<quote, escaped)
            }
            escaped = true
            cursor = try endOfEscape(at: slash)
        }
    }

    /// A word with the high bit set in each byte of `word` (read little-endian) that is a quote
    /// or a backslash. Bits above the first such byte may be set falsely; the lowest one is exact.
    private static func quoteOrBackslashMask(_ word: UInt64) -> UInt64 {
        let value = UInt64(littleEndian: word)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = value ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let slashes = value ^ (ones &* UInt64(UInt8(ascii: "\\")))
        return ((quotes &- ones) & ~quotes | (slashes &- ones) & ~slashes) & highs
    }

    /// The offset just after the escape sequence whose backslash is at `slash`.
    @inline(__always)
    private func endOfEscape(at slash: Int) throws(JSONScanError) -> Int {
        guard slash + 1 < bytes.count else { throw JSONScanError(reason: .unexpectedEnd, offset: bytes.count) }
        switch bytes[slash + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return slash + 2
        case UInt8(ascii: "u"):
            guard slash + 6 <= bytes.count else { throw JSONScanError(reason: .unexpectedEnd, offset: bytes.count) }
            for offset in 2..<6 where JSONText.hexValue(bytes[slash + offset]) == nil {
                throw JSONScanError(reason: .invalidEscape, offset: slash)
            }
            return slash + 6
        default:
            throw JSONScanError(reason: .invalidEscape, offset: slash)
        }
    }

    /// Reads a number or a literal starting with `first` at `index`.
    mutating func scanScalar(_ first: UInt8) throws(JSONScanError) -> JSONValueKind {
        switch first {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            return .number
        default:
            throw JSONScanError(reason: .unexpectedByte, offset: index)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONScanError) {
        let length = literal.utf8CodeUnitCount
        let text = UnsafeRawBufferPointer(start: literal.utf8Start, count: length)
        for offset in 0..<length {
            guard index + offset < bytes.count else { throw JSONScanError(reason: .unexpectedEnd, offset: bytes.count) }
            guard bytes[index + offset] == text[offset] else {
                throw JSONScanError(reason: .unexpectedByte, offset: index + offset)
            }
        }
        index += length
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as RFC 8259 writes numbers.
    private mutating func scanNumber() throws(JSONScanError) {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerDigits = digitRun()
        guard integerDigits > 0 else { throw numberError(start) }
        if integerDigits > 1 && bytes[index - integerDigits] == UInt8(ascii: "0") { throw numberError(start) }

        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digitRun() > 0 else { throw numberError(start) }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digitRun() > 0 else { throw numberError(start) }
        }
    }

    private mutating func digitRun() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        return index - start
    }

    /// A number cut at the end of the buffer is incomplete input, not a bad number.
    private func numberError(_ start: Int) -> JSONScanError {
        index >= bytes.count
            ? JSONScanError(reason: .unexpectedEnd, offset: bytes.count)
            : JSONScanError(reason: .invalidNumber, offset: start)
    }
}
