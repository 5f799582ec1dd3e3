/// Reads one `<Data Name='X'>value</Data>` element into the field `X` names. Shared by the
/// full event XML (`EventXMLExtractor`) and the bare `<EventData>` fragment Azure Log Analytics
/// keeps (`EventDataXMLExtractor`).
enum EventDataXMLReader {
    static let dataName = Array("Data".utf8)
    static let nameAttribute = Array("Name".utf8)

    /// When `tag` is a `<Data>` start or empty tag with a `Name` wfpwatch reads, stores its value
    /// (empty for `<Data Name='X'/>`); the first value of a field wins. Leaves the scanner at the
    /// tag that ends the value. Returns false when the tag is no `<Data>` element.
    @discardableResult
    static func readData(_ tag: EventXMLTag, _ scanner: inout EventXMLScanner, into fields: inout EventFields) -> Bool {
        guard tag.kind != .end, scanner.equals(tag.localName, dataName) else { return false }
        guard let name = scanner.attribute(nameAttribute, of: tag),
            let field = FieldName(key: UnsafeRawBufferPointer(rebasing: scanner.bytes[name]))
        else { return true }

        if tag.kind == .empty {
            fields.setIfAbsent(field, "")
        } else if let value = scanner.readText() {
            fields.setIfAbsent(field, value)
        }
        return true
    }
}
