/// Reads a Windows event XML document (`<Event xmlns=...>`) into fields.
public enum EventXMLExtractor {
    /// Fills `fields` from `bytes`; returns false when the bytes are not in this format.
    public static func extract(_ bytes: UnsafeRawBufferPointer, into fields: inout EventFields) -> Bool {
        // Placeholder until the event XML reader lands; its real file replaces this one.
        false
    }
}
