/// Reads a Windows event in its XML form (`<Event xmlns=...>`, one per message, as Event
/// Viewer, `wevtutil` and forwarders render it; an `<?xml ...?>` declaration may precede it).
///
/// From `<System>`: Provider `Name` (provider), `EventID` (with or without `Qualifiers`),
/// TimeCreated `SystemTime` (timeCreated), `Channel`, `Computer`. From `<EventData>`: every
/// `<Data Name='X'>` that `FieldName(key:)` knows. From `<RenderingInfo>`: `Message`. Namespace
/// prefixes are ignored, both quote styles, entities and CDATA are read.
public enum EventXMLExtractor {
    /// Fills `fields` from the event XML in `bytes`. Returns false when the bytes do not start
    /// with an `<Event>` element, when the markup is malformed, or when the input ends before
    /// `</System>` (a message cut later still yields what precedes the cut).
    public static func extract(_ bytes: UnsafeRawBufferPointer, into fields: inout EventFields) -> Bool {
        guard let start = markupStart(bytes) else { return false }
        var scanner = EventXMLScanner(bytes: bytes, position: start)
        guard let root = scanner.nextTag(), root.kind == .start, scanner.equals(root.localName, Names.event) else {
            return false
        }

        var walk = EventXMLWalk()
        while walk.depth > 0, let tag = scanner.nextTag() {
            walk.visit(tag, &scanner, into: &fields)
        }
        return scanner.stop != .malformed && walk.systemClosed
    }

    /// The offset of the first `<` when only a byte order mark and whitespace precede it.
    static func markupStart(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        let scanner = EventXMLScanner(bytes: bytes)
        index = scanner.skipWhitespace(from: index)
        return index < bytes.count && bytes[index] == UInt8(ascii: "<") ? index : nil
    }

    enum Names {
        static let event = Array("Event".utf8)
        static let system = Array("System".utf8)
        static let eventData = Array("EventData".utf8)
        static let renderingInfo = Array("RenderingInfo".utf8)
        static let provider = Array("Provider".utf8)
        static let name = Array("Name".utf8)
        static let eventID = Array("EventID".utf8)
        static let timeCreated = Array("TimeCreated".utf8)
        static let systemTime = Array("SystemTime".utf8)
        static let channel = Array("Channel".utf8)
        static let computer = Array("Computer".utf8)
        static let message = Array("Message".utf8)
    }
}

/// Where the walk through an `<Event>` is: the depth below the root and the section of it.
private struct EventXMLWalk {
    enum Section {
        case system
        case eventData
        case renderingInfo
        case other
    }

    typealias Names = EventXMLExtractor.Names

    /// Open elements, the root `<Event>` included.
    var depth = 1
    var section = Section.other
    var systemClosed = false

    mutating func visit(_ tag: EventXMLTag, _ scanner: inout EventXMLScanner, into fields: inout EventFields) {
        switch tag.kind {
        case .end:
            depth -= 1
            if depth == 1 {
                if section == .system { systemClosed = true }
                section = .other
            }
        case .start, .empty:
            if depth == 1 {
                section = Self.section(tag, scanner)
            } else if depth == 2 {
                read(tag, &scanner, into: &fields)
            }
            if tag.kind == .start { depth += 1 }
        }
    }

    private static func section(_ tag: EventXMLTag, _ scanner: EventXMLScanner) -> Section {
        if scanner.equals(tag.localName, Names.system) { return .system }
        if scanner.equals(tag.localName, Names.eventData) { return .eventData }
        if scanner.equals(tag.localName, Names.renderingInfo) { return .renderingInfo }
        return .other
    }

    /// A direct child of a section.
    private func read(_ tag: EventXMLTag, _ scanner: inout EventXMLScanner, into fields: inout EventFields) {
        let name = tag.localName
        switch section {
        case .system:
            if scanner.equals(name, Names.provider), let value = scanner.attributeText(Names.name, of: tag) {
                fields.setIfAbsent(.provider, value)
            } else if scanner.equals(name, Names.timeCreated),
                let value = scanner.attributeText(Names.systemTime, of: tag)
            {
                fields.setIfAbsent(.timeCreated, value)
            } else if let field = Self.systemTextField(name, scanner), tag.kind == .start,
                let value = scanner.readText()
            {
                let trimmed = value.trimmingASCIIWhitespace()
                if !trimmed.isEmpty { fields.setIfAbsent(field, trimmed) }
            }
        case .eventData:
            EventDataXMLReader.readData(tag, &scanner, into: &fields)
        case .renderingInfo:
            if scanner.equals(name, Names.message), tag.kind == .start, let value = scanner.readText() {
                fields.setIfAbsent(.message, value)
            }
        case .other:
            break
        }
    }

    private static func systemTextField(_ name: Range<Int>, _ scanner: EventXMLScanner) -> FieldName? {
        if scanner.equals(name, Names.eventID) { return .eventID }
        if scanner.equals(name, Names.channel) { return .channel }
        if scanner.equals(name, Names.computer) { return .computer }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces, TABs, CRs and LFs.
    fileprivate func trimmingASCIIWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r\n" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
