#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The column boundaries of a Snare `MSWinEventLog` body, found in place. Columns are separated
/// by TAB, or by the literal `#011` an rsyslog relay writes for a TAB (it writes every control
/// byte as `#` and three octal digits, so a CR arrives as `#015`).
struct SnareColumns {
    enum Separator {
        case tab
        /// `#011`; other `#ooo` control escapes inside a column are decoded too.
        case escapedTab
    }

    static let tag: [UInt8] = Array("MSWinEventLog".utf8)
    /// More columns than any Snare layout has; the rest of the body stays in the last one.
    static let maximumColumns = 24

    let bytes: UnsafeRawBufferPointer
    let separator: Separator
    private(set) var ranges: [Range<Int>] = []

    /// Splits `bytes`, which start with `MSWinEventLog` or with what follows it. Returns nil when
    /// there is no separator at all.
    init?(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        var start = 0
        while start < bytes.count && bytes[start] == 0x20 { start += 1 }
        if Self.hasPrefix(bytes, at: start, Self.tag) { start += Self.tag.count }

        guard let first = Self.nextSeparator(in: bytes, from: start, end: bytes.count, only: nil) else {
            return nil
        }
        separator = first.isEscaped ? .escapedTab : .tab
        // The separator after the tag opens the body rather than ending an empty column.
        if first.index == start { start += first.isEscaped ? 4 : 1 }

        let end = Self.trimmedEnd(bytes, from: start)
        split(from: start, to: end)
    }

    private mutating func split(from start: Int, to end: Int) {
        ranges.reserveCapacity(16)
        var columnStart = start
        let escaped = separator == .escapedTab
        while ranges.count < Self.maximumColumns - 1,
            let found = Self.nextSeparator(in: bytes, from: columnStart, end: end, only: escaped)
        {
            ranges.append(columnStart..<found.index)
            columnStart = found.index + (found.isEscaped ? 4 : 1)
        }
        ranges.append(columnStart..<end)
        if ranges.count > 1, ranges[ranges.count - 1].isEmpty { ranges.removeLast() }
    }

    /// The first TAB or `#011` at or after `start`, whichever comes first; `only` limits the
    /// search to one of the two (true: `#011`).
    private static func nextSeparator(
        in bytes: UnsafeRawBufferPointer, from start: Int, end: Int, only escaped: Bool?
    ) -> (index: Int, isEscaped: Bool)? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == 0x09 && escaped != true { return (index, false) }
            if byte == UInt8(ascii: "#"), escaped != false, escapedControl(in: bytes, at: index, end: end) == 0x09 {
                return (index, true)
            }
            index += 1
        }
        return nil
    }

    /// The control byte a `#ooo` escape at `index` stands for, or nil when there is none.
    static func escapedControl(in bytes: UnsafeRawBufferPointer, at index: Int, end: Int) -> UInt8? {
        guard end - index >= 4, bytes[index] == UInt8(ascii: "#") else { return nil }
        var value = 0
        for offset in 1...3 {
            let digit = bytes[index + offset]
            guard digit >= 0x30 && digit <= 0x37 else { return nil }
            value = value * 8 + Int(digit - 0x30)
        }
        return value < 0x20 || value == 0x7F ? UInt8(value) : nil
    }

    /// The end of the body without the trailing line end: LF, CR, NUL, spaces, `#015`, `#012`.
    private static func trimmedEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var end = bytes.count
        while end > start {
            let byte = bytes[end - 1]
            if byte == 0x0A || byte == 0x0D || byte == 0 || byte == 0x20 {
                end -= 1
            } else if end - start >= 4, let control = escapedControl(in: bytes, at: end - 4, end: end),
                control == 0x0D || control == 0x0A
            {
                end -= 4
            } else {
                break
            }
        }
        return end
    }

    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, at index: Int, _ prefix: [UInt8]) -> Bool {
        guard bytes.count - index >= prefix.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] {
            return false
        }
        return true
    }

    /// Column `index` as text (empty when the body has fewer columns).
    func text(_ index: Int) -> String {
        index < ranges.count ? text(ranges[index]) : ""
    }

    /// The bytes of `range` as text; in an escaped body `#ooo` control escapes are decoded and
    /// CRs dropped.
    func text(_ range: Range<Int>) -> String {
        guard separator == .escapedTab, let base = bytes.baseAddress, !range.isEmpty,
            memchr(base + range.lowerBound, Int32(UInt8(ascii: "#")), range.count) != nil
        else {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        return String(decoding: unescaped(range), as: UTF8.self)
    }

    /// The bytes of `range` with `#ooo` control escapes decoded and CRs dropped.
    func unescaped(_ range: Range<Int>) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            if let control = Self.escapedControl(in: bytes, at: index, end: range.upperBound) {
                if control != 0x0D { output.append(control) }
                index += 4
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }
}
