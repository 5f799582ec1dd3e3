extension EventXMLScanner {
    /// One step through the attributes of a tag.
    enum AttributeStep {
        /// `name='value'` (value without quotes, entities not decoded), and where to go on.
        case attribute(name: Range<Int>, value: Range<Int>, next: Int)
        /// The `>` (or the `/` of `/>`) that closes the tag.
        case tagEnd(close: Int, isEmpty: Bool)
        case endOfInput
        case malformed
    }

    /// Reads the attribute (or the tag end) at or after `start`, in either quote style.
    func nextAttribute(from start: Int, end: Int) -> AttributeStep {
        var index = skipWhitespace(from: start, end: end)
        guard index < end else { return .endOfInput }
        switch bytes[index] {
        case UInt8(ascii: ">"):
            return .tagEnd(close: index, isEmpty: false)
        case UInt8(ascii: "/"):
            guard index + 1 < end else { return .endOfInput }
            return bytes[index + 1] == UInt8(ascii: ">") ? .tagEnd(close: index, isEmpty: true) : .malformed
        default:
            break
        }

        let nameStart = index
        index = nameEnd(from: index, end: end)
        guard index > nameStart else { return .malformed }
        let name = nameStart..<index
        index = skipWhitespace(from: index, end: end)
        guard index < end else { return .endOfInput }
        guard bytes[index] == UInt8(ascii: "=") else { return .malformed }

        index = skipWhitespace(from: index + 1, end: end)
        guard index < end else { return .endOfInput }
        let quote = bytes[index]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return .malformed }
        guard let close = find(quote, from: index + 1, end: end) else { return .endOfInput }
        return .attribute(name: name, value: index + 1..<close, next: close + 1)
    }

    /// The raw value of the attribute whose local name is `name`, or nil.
    func attribute(_ name: [UInt8], of tag: EventXMLTag) -> Range<Int>? {
        var index = tag.attributes.lowerBound
        let end = tag.attributes.upperBound
        while case .attribute(let found, let value, let next) = nextAttribute(from: index, end: end) {
            if equals(localName(found), name) { return value }
            index = next
        }
        return nil
    }

    /// The attribute value as text, entities decoded.
    func attributeText(_ name: [UInt8], of tag: EventXMLTag) -> String? {
        guard let range = attribute(name, of: tag) else { return nil }
        var decoded = [UInt8]()
        EventXMLEntities.decode(bytes, range, into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    func equals(_ range: Range<Int>, _ name: [UInt8]) -> Bool {
        range.count == name.count && hasPrefix(name, at: range.lowerBound)
    }

    /// The part of a qualified name after its last `:`.
    func localName(_ name: Range<Int>) -> Range<Int> {
        var index = name.upperBound
        while index > name.lowerBound && bytes[index - 1] != UInt8(ascii: ":") { index -= 1 }
        return index..<name.upperBound
    }

    /// The end of a name starting at `start`: the first byte that cannot be part of one.
    func nameEnd(from start: Int, end: Int? = nil) -> Int {
        let end = end ?? bytes.count
        var index = start
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "<"),
                UInt8(ascii: "="), UInt8(ascii: "\""), UInt8(ascii: "'"):
                return index
            default:
                index += 1
            }
        }
        return index
    }

    func skipWhitespace(from start: Int, end: Int? = nil) -> Int {
        let end = end ?? bytes.count
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { break }
            index += 1
        }
        return index
    }
}
