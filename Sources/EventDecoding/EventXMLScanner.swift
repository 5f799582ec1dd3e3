#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A start, end or empty-element tag found by `EventXMLScanner`, as ranges into its bytes.
struct EventXMLTag {
    enum Kind {
        case start
        case end
        /// `<Name .../>`
        case empty
    }

    var kind: Kind
    /// The element name after any namespace prefix (`Event` for `<e:Event>`).
    var localName: Range<Int>
    /// The bytes between the name and the closing `>` or `/>`.
    var attributes: Range<Int>
}

/// A forward-only reader of the XML Windows writes for events: tags, attributes and text, in
/// place. It skips the XML declaration, processing instructions, comments and DOCTYPE, and does
/// not check nesting (the callers count depth). Each byte is visited a bounded number of times.
struct EventXMLScanner {
    enum Stop: Equatable {
        /// The input ended inside or before markup: a cut message, or simply the end.
        case endOfInput
        /// Bytes that cannot be XML at this point (`<` without a name, an unquoted attribute).
        case malformed
    }

    let bytes: UnsafeRawBufferPointer
    /// Where the next tag or text starts.
    private(set) var position: Int
    /// Why `nextTag()` last returned nil.
    private(set) var stop: Stop?

    init(bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Moves past the next tag and returns it, skipping text and non-element markup.
    mutating func nextTag() -> EventXMLTag? {
        while stop == nil {
            guard let open = find(UInt8(ascii: "<"), from: position), open + 1 < bytes.count else {
                return finish(.endOfInput)
            }
            switch bytes[open + 1] {
            case UInt8(ascii: "?"):
                guard skip(past: Self.processingInstructionEnd, from: open + 2) else { return finish(.endOfInput) }
            case UInt8(ascii: "!"):
                guard skipDeclaration(at: open) else { return finish(.endOfInput) }
            case UInt8(ascii: "/"):
                return endTag(nameStart: open + 2)
            default:
                return startTag(nameStart: open + 1)
            }
        }
        return nil
    }

    /// Comments, CDATA outside text, DOCTYPE and other `<!...>` declarations.
    private mutating func skipDeclaration(at open: Int) -> Bool {
        if hasPrefix(Self.commentStart, at: open) { return skip(past: Self.commentEnd, from: open + 4) }
        if hasPrefix(Self.cdataStart, at: open) { return skip(past: Self.cdataEnd, from: open + 9) }
        return skip(past: [UInt8(ascii: ">")], from: open + 2)
    }

    private mutating func endTag(nameStart: Int) -> EventXMLTag? {
        let nameEnd = nameEnd(from: nameStart)
        guard nameEnd > nameStart else { return finish(nameStart >= bytes.count ? .endOfInput : .malformed) }
        let close = skipWhitespace(from: nameEnd)
        guard close < bytes.count else { return finish(.endOfInput) }
        guard bytes[close] == UInt8(ascii: ">") else { return finish(.malformed) }
        position = close + 1
        return EventXMLTag(kind: .end, localName: localName(nameStart..<nameEnd), attributes: nameEnd..<nameEnd)
    }

    private mutating func startTag(nameStart: Int) -> EventXMLTag? {
        let nameEnd = nameEnd(from: nameStart)
        guard nameEnd > nameStart else { return finish(.malformed) }
        var index = nameEnd
        while true {
            switch nextAttribute(from: index, end: bytes.count) {
            case .attribute(_, _, let next):
                index = next
            case .tagEnd(let close, let isEmpty):
                position = close + (isEmpty ? 2 : 1)
                let kind: EventXMLTag.Kind = isEmpty ? .empty : .start
                return EventXMLTag(kind: kind, localName: localName(nameStart..<nameEnd), attributes: nameEnd..<close)
            case .endOfInput:
                return finish(.endOfInput)
            case .malformed:
                return finish(.malformed)
            }
        }
    }

    private mutating func finish(_ reason: Stop) -> EventXMLTag? {
        stop = reason
        position = bytes.count
        return nil
    }

    /// Moves `position` past the first `terminator` at or after `start`; false when none.
    private mutating func skip(past terminator: [UInt8], from start: Int) -> Bool {
        guard let found = find(terminator, from: start) else { return false }
        position = found + terminator.count
        return true
    }

    // MARK: Text

    /// The character data from `position` to the next tag, with entities and CDATA decoded, and
    /// leaves `position` at that tag. Nil when the input ends first.
    mutating func readText() -> String? {
        var start = position
        var decoded: [UInt8]?
        while true {
            guard let open = find(UInt8(ascii: "<"), from: start) else {
                _ = finish(.endOfInput)
                return nil
            }
            let isCDATA = hasPrefix(Self.cdataStart, at: open)
            guard isCDATA || hasPrefix(Self.commentStart, at: open) else {
                position = open
                return text(start..<open, after: decoded)
            }

            var buffer = decoded ?? []
            EventXMLEntities.decode(bytes, start..<open, into: &buffer)
            let (contentStart, terminator) = isCDATA ? (open + 9, Self.cdataEnd) : (open + 4, Self.commentEnd)
            guard let close = find(terminator, from: contentStart) else {
                _ = finish(.endOfInput)
                return nil
            }
            if isCDATA { buffer.append(contentsOf: bytes[contentStart..<close]) }
            decoded = buffer
            start = close + terminator.count
        }
    }

    private func text(_ range: Range<Int>, after decoded: [UInt8]?) -> String {
        let plain = UnsafeRawBufferPointer(rebasing: bytes[range])
        if decoded == nil && find(UInt8(ascii: "&"), from: range.lowerBound, end: range.upperBound) == nil {
            return String(decoding: plain, as: UTF8.self)
        }
        var buffer = decoded ?? []
        EventXMLEntities.decode(bytes, range, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    // MARK: Byte search

    func find(_ byte: UInt8, from start: Int, end: Int? = nil) -> Int? {
        let end = end ?? bytes.count
        guard start < end, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        var index = start
        while let candidate = find(pattern[0], from: index) {
            if hasPrefix(pattern, at: candidate) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index >= 0, bytes.count - index >= prefix.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] {
            return false
        }
        return true
    }

    private static let processingInstructionEnd = Array("?>".utf8)
    private static let commentStart = Array("<!--".utf8)
    private static let commentEnd = Array("-->".utf8)
    private static let cdataStart = Array("<![CDATA[".utf8)
    private static let cdataEnd = Array("]]>".utf8)
}
