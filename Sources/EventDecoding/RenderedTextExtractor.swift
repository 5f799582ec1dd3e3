/// Reads a rendered event message ("The Windows Filtering Platform has permitted ...") into fields.
public enum RenderedTextExtractor {
    /// Fills `fields` from `bytes`; returns false when the bytes are not in this format.
    public static func extract(_ bytes: UnsafeRawBufferPointer, into fields: inout EventFields) -> Bool {
        // Placeholder until the rendered-text reader lands; its real file replaces this one.
        false
    }
}
