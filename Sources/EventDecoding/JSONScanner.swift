#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kind of a JSON value as the scanner met it.
package enum JSONValueKind: Sendable {
    case string
    case number
    case bool
    case null
    case object
    case array
}

/// One member of a JSON object, as byte ranges into the scanned buffer: nothing is copied.
package struct JSONMember {
    /// Nesting of the object holding the member: 1 for the top-level object.
    package var depth: Int
    /// The raw key of the object holding the member; empty at the top level.
    package var parentKey: UnsafeRawBufferPointer
    /// The key without its quotes, escapes not decoded.
    package var key: UnsafeRawBufferPointer
    package var keyNeedsUnescape: Bool
    package var kind: JSONValueKind
    /// A string's contents without quotes (escapes not decoded) or the text of a number,
    /// `true`, `false` or `null`; empty for objects and arrays.
    package var value: UnsafeRawBufferPointer
    package var valueNeedsUnescape: Bool
}

/// Why a buffer is not one well-formed JSON object.
package struct JSONScanError: Error, Equatable, CustomStringConvertible {
    package enum Reason: String, Sendable {
        case notAnObject = "not_an_object"
        case unexpectedEnd = "unexpected_end"
        case unexpectedByte = "unexpected_byte"
        case invalidEscape = "invalid_escape"
        case invalidNumber = "invalid_number"
        case tooDeep = "too_deep"
        case trailingBytes = "trailing_bytes"
    }

    package var reason: Reason
    /// Byte offset of the problem in the scanned buffer.
    package var offset: Int

    package var description: String { "\(reason.rawValue) at byte \(offset)" }
}

/// A single-pass JSON reader over a byte buffer. It reports the members of the top-level
/// object, and of the nested objects the visitor asks for, as byte ranges; arrays and the
/// objects the visitor declines are checked and skipped. Work is linear in the input and
/// nesting is capped, so hostile input costs no more than its length.
package struct JSONScanner {
    /// Nesting beyond this many objects or arrays is rejected.
    package static let defaultMaximumDepth = 32

    let bytes: UnsafeRawBufferPointer
    private let maximumDepth: Int
    var index = 0

    private init(bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Scans `bytes`, which must hold one JSON object (surrounding whitespace allowed).
    /// `visit` sees each member; for an object value, returning true walks into it.
    /// Returns nil when the whole buffer was well-formed.
    package static func scan(
        _ bytes: UnsafeRawBufferPointer, maximumDepth: Int = defaultMaximumDepth,
        visit: (JSONMember) -> Bool
    ) -> JSONScanError? {
        var scanner = JSONScanner(bytes: bytes, maximumDepth: maximumDepth)
        do throws(JSONScanError) {
            scanner.skipWhitespace()
            guard scanner.index < bytes.count else {
                throw JSONScanError(reason: .unexpectedEnd, offset: scanner.index)
            }
            guard bytes[scanner.index] == UInt8(ascii: "{") else {
                throw JSONScanError(reason: .notAnObject, offset: scanner.index)
            }
            try scanner.scanObject(
                depth: 1, parentKey: UnsafeRawBufferPointer(start: nil, count: 0), walk: true, visit: visit)

            scanner.skipWhitespace()
            guard scanner.index == bytes.count else {
                throw JSONScanError(reason: .trailingBytes, offset: scanner.index)
            }
            return nil
        } catch {
            return error
        }
    }

    // MARK: Containers

    /// Reads the object at `index` (its `{`); reports its members to `visit` when `walk` is set.
    private mutating func scanObject(
        depth: Int, parentKey: UnsafeRawBufferPointer, walk: Bool, visit: (JSONMember) -> Bool
    ) throws(JSONScanError) {
        guard depth <= maximumDepth else { throw JSONScanError(reason: .tooDeep, offset: index) }
        index += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }

        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw unexpected() }
            let (keyRange, keyEscaped) = try scanString()
            skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw unexpected() }
            index += 1
            skipWhitespace()

            let key = slice(keyRange)
            try scanMember(
                depth: depth, parentKey: parentKey, key: key, keyEscaped: keyEscaped, walk: walk, visit: visit)

            skipWhitespace()
            let separator = try peek()
            index += 1
            if separator == UInt8(ascii: "}") { return }
            guard separator == UInt8(ascii: ",") else {
                throw JSONScanError(reason: .unexpectedByte, offset: index - 1)
            }
            skipWhitespace()
        }
    }

    /// Reads one member's value and reports it.
    private mutating func scanMember(
        depth: Int, parentKey: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, keyEscaped: Bool,
        walk: Bool, visit: (JSONMember) -> Bool
    ) throws(JSONScanError) {
        let first = try peek()
        guard walk else {
            try skipValue(first, depth: depth, visit: visit)
            return
        }

        var member = JSONMember(
            depth: depth, parentKey: parentKey, key: key, keyNeedsUnescape: keyEscaped, kind: .null,
            value: UnsafeRawBufferPointer(start: nil, count: 0), valueNeedsUnescape: false)
        switch first {
        case UInt8(ascii: "{"):
            member.kind = .object
            let descend = visit(member)
            try scanObject(depth: depth + 1, parentKey: key, walk: descend, visit: visit)
        case UInt8(ascii: "["):
            member.kind = .array
            _ = visit(member)
            try scanArray(depth: depth + 1, visit: visit)
        case UInt8(ascii: "\""):
            let (range, escaped) = try scanString()
            member.kind = .string
            member.value = slice(range)
            member.valueNeedsUnescape = escaped
            _ = visit(member)
        default:
            let start = index
            member.kind = try scanScalar(first)
            member.value = slice(start..<index)
            _ = visit(member)
        }
    }

    /// Reads the array at `index`, checking and skipping its elements.
    private mutating func scanArray(depth: Int, visit: (JSONMember) -> Bool) throws(JSONScanError) {
        guard depth <= maximumDepth else { throw JSONScanError(reason: .tooDeep, offset: index) }
        index += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }

        while true {
            try skipValue(try peek(), depth: depth, visit: visit)
            skipWhitespace()
            let separator = try peek()
            index += 1
            if separator == UInt8(ascii: "]") { return }
            guard separator == UInt8(ascii: ",") else {
                throw JSONScanError(reason: .unexpectedByte, offset: index - 1)
            }
            skipWhitespace()
        }
    }

    private mutating func skipValue(_ first: UInt8, depth: Int, visit: (JSONMember) -> Bool) throws(JSONScanError) {
        switch first {
        case UInt8(ascii: "{"): try scanObject(depth: depth + 1, parentKey: slice(0..<0), walk: false, visit: visit)
        case UInt8(ascii: "["): try scanArray(depth: depth + 1, visit: visit)
        case UInt8(ascii: "\""): _ = try scanString()
        default: _ = try scanScalar(first)
        }
    }

    // MARK: Cursor

    @inline(__always)
    private func peek() throws(JSONScanError) -> UInt8 {
        guard index < bytes.count else { throw JSONScanError(reason: .unexpectedEnd, offset: index) }
        return bytes[index]
    }

    private func unexpected() -> JSONScanError {
        JSONScanError(reason: index < bytes.count ? .unexpectedByte : .unexpectedEnd, offset: index)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    /// The offset of the first `byte` in `from..<end`, found with `memchr`.
    func find(_ byte: UInt8, from start: Int, end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }
}
