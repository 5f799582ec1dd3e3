/// Reads single values back from a rendered event message ("\tProcess ID:\t\t6008\r\n") for
/// layouts that lost the field itself (NXLog CE overwrites `ProcessID` with the writer's PID).
enum MessageLabelReader {
    /// The PID line the event id's message template holds; nil when the message has none.
    static func processID(eventID: UInt32, message: [UInt8]) -> String? {
        let label: StaticString
        switch eventID {
        case 5156, 5157: label = "Process ID:"
        case 4688: label = "Creator Process ID:"
        case 1, 3, 22: label = "ProcessId:"
        default: return nil
        }
        return message.withUnsafeBytes { value(after: label, in: $0) }
    }

    /// The text after `label` on the first line that starts (after indentation) with it.
    static func value(after label: StaticString, in text: UnsafeRawBufferPointer) -> String? {
        let labelBytes = UnsafeRawBufferPointer(start: label.utf8Start, count: label.utf8CodeUnitCount)
        var lineStart = 0
        while lineStart < text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }

            var cursor = lineStart
            while cursor < lineEnd, text[cursor] == 0x09 || text[cursor] == 0x20 { cursor += 1 }
            let line = UnsafeRawBufferPointer(rebasing: text[cursor..<lineEnd])
            if line.starts(with: labelBytes) {
                let value = trimmed(UnsafeRawBufferPointer(rebasing: line[labelBytes.count...]))
                return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] <= 0x20 { start += 1 }
        while end > start, bytes[end - 1] <= 0x20 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }
}
