#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a Windows event from its rendered message text: the English text Event Viewer shows
/// ("The Windows Filtering Platform has permitted a connection. ... Source Address: ...") and
/// Sysmon's "Network connection detected: ... DestinationIp: ...".
///
/// Three layouts are read: Windows' own (CRLF lines, TAB-indented labels), one `Label: value`
/// per line, and the single line forwarders such as Snare flatten it to, where the labels are
/// separated by spaces only and a value ends where the next known label begins.
public enum RenderedTextExtractor {
    /// How far into the text the opening sentence is looked for (a forwarder may prefix a word).
    static let openingSearchBytes = 512

    /// Fills `fields` from the labels in `bytes` and sets `.eventID` (and `.provider`) from the
    /// opening sentence when nothing set them before. Returns false when no known opening
    /// sentence is found, that is when the bytes are not a rendered event wfpwatch reads.
    public static func extract(_ bytes: UnsafeRawBufferPointer, into fields: inout EventFields) -> Bool {
        guard let (opening, bodyStart) = findOpening(in: bytes) else { return false }
        fields.setIfAbsent(.eventID, String(opening.eventID))
        fields.setIfAbsent(.provider, opening.provider)

        var reader = RenderedTextLabelReader(bytes: bytes)
        switch lineBreak(in: bytes, from: bodyStart) {
        case .some(let separator):
            reader.readLines(from: bodyStart, separator: separator, into: &fields)
        case .none:
            reader.readFlat(from: bodyStart, into: &fields)
        }
        return true
    }

    /// The opening sentence and the offset just after it (and after a period that ends it).
    static func findOpening(in bytes: UnsafeRawBufferPointer) -> (RenderedTextLabels.Opening, Int)? {
        let limit = min(bytes.count, openingSearchBytes)
        var index = 0
        while index < limit {
            if index == 0 || !isLetter(bytes[index - 1]), let opening = opening(at: index, in: bytes) {
                var end = index + opening.bytes.count
                if end < bytes.count && bytes[end] == UInt8(ascii: ".") { end += 1 }
                return (opening, end)
            }
            index += 1
        }
        return nil
    }

    private static func opening(at index: Int, in bytes: UnsafeRawBufferPointer) -> RenderedTextLabels.Opening? {
        let first = bytes[index] | 0x20
        for opening in RenderedTextLabels.openings where opening.bytes[0] | 0x20 == first {
            if hasPrefixIgnoringCase(bytes, at: index, opening.bytes) { return opening }
        }
        return nil
    }

    private static func hasPrefixIgnoringCase(
        _ bytes: UnsafeRawBufferPointer, at index: Int, _ prefix: [UInt8]
    ) -> Bool {
        guard bytes.count - index >= prefix.count else { return false }
        for offset in 0..<prefix.count where foldCase(bytes[index + offset]) != foldCase(prefix[offset]) {
            return false
        }
        return true
    }

    /// LF when the body has line feeds, CR when it only has carriage returns, nil when it is flat.
    private static func lineBreak(in bytes: UnsafeRawBufferPointer, from start: Int) -> UInt8? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        let length = bytes.count - start
        if memchr(base + start, 0x0A, length) != nil { return 0x0A }
        if memchr(base + start, 0x0D, length) != nil { return 0x0D }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return folded >= 0x61 && folded <= 0x7A
    }

    private static func foldCase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
