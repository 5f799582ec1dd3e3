/// Reads the `<Data Name="...">value</Data>` elements of a Windows `<EventData>` fragment (as
/// Azure Log Analytics exports keep it in a string column) into fields.
public enum EventDataXMLExtractor {
    private static let eventDataName = Array("EventData".utf8)
    private static let eventName = Array("Event".utf8)

    /// Fills `fields` from the `<Data>` elements in `bytes`; returns false when the bytes are
    /// not well-formed enough to read.
    ///
    /// The bytes are the fragment unescaped (`<EventData xmlns=...>`, optionally after an XML
    /// declaration); a whole `<Event>` document is handed to `EventXMLExtractor`. A fragment cut
    /// short still yields the elements before the cut.
    public static func extract(_ bytes: UnsafeRawBufferPointer, into fields: inout EventFields) -> Bool {
        guard let start = EventXMLExtractor.markupStart(bytes) else { return false }
        var scanner = EventXMLScanner(bytes: bytes, position: start)
        guard let root = scanner.nextTag(), root.kind != .end else { return false }
        if scanner.equals(root.localName, eventName) {
            return EventXMLExtractor.extract(bytes, into: &fields)
        }
        guard scanner.equals(root.localName, eventDataName) else { return false }
        guard root.kind == .start else { return true }

        // Data elements are the direct children of the root; deeper ones belong to something else.
        var depth = 1
        while depth > 0, let tag = scanner.nextTag() {
            if depth == 1 { EventDataXMLReader.readData(tag, &scanner, into: &fields) }
            switch tag.kind {
            case .start: depth += 1
            case .end: depth -= 1
            case .empty: break
            }
        }
        return scanner.stop != .malformed
    }
}
