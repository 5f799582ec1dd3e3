/// Reads a Snare `MSWinEventLog` body (TAB or `#011` separated) into fields.
public enum SnareExtractor {
    /// Fills `fields` from `bytes`; returns false when the bytes are not in this format.
    public static func extract(_ bytes: UnsafeRawBufferPointer, into fields: inout EventFields) -> Bool {
        // Placeholder until the Snare reader lands; its real file replaces this one.
        false
    }
}
