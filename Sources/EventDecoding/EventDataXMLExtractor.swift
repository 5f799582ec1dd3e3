/// Reads the `<Data Name="...">value</Data>` elements of a Windows `<EventData>` fragment (as
/// Azure Log Analytics exports keep it in a string column) into fields.
public enum EventDataXMLExtractor {
    /// Fills `fields` from the `<Data>` elements in `bytes`; returns false when the bytes are
    /// not well-formed enough to read.
    public static func extract(_ bytes: UnsafeRawBufferPointer, into fields: inout EventFields) -> Bool {
        // Placeholder until the XML reader lands.
        false
    }
}
