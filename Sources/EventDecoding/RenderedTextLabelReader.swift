#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks the body of a rendered message (after its opening sentence), finds the known labels
/// and stores their values. Work is linear in the body: each byte is looked at a bounded
/// number of times (a word start is compared with the few labels sharing its first byte).
struct RenderedTextLabelReader {
    let bytes: UnsafeRawBufferPointer
    /// Inside `Subject:` / `Creator Subject:`, where `Account Name:` is the acting user.
    private var inSubject = false

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// One label per line, at its start after any indentation; the value runs to the line end.
    mutating func readLines(from start: Int, separator: UInt8, into fields: inout EventFields) {
        guard let base = bytes.baseAddress else { return }
        var lineStart = start
        while lineStart < bytes.count {
            let lineEnd: Int
            if let found = memchr(base + lineStart, Int32(separator), bytes.count - lineStart) {
                lineEnd = base.distance(to: UnsafeRawPointer(found))
            } else {
                lineEnd = bytes.count
            }

            let labelStart = skipBlanks(from: lineStart, to: lineEnd)
            if let (label, length) = label(at: labelStart, end: lineEnd, needsBlankAfter: false) {
                store(label, labelStart + length..<lineEnd, into: &fields)
            }
            lineStart = lineEnd + 1
        }
    }

    /// All labels on one line: a value ends where the next known label begins at a word start.
    mutating func readFlat(from start: Int, into fields: inout EventFields) {
        var pending: (label: RenderedTextLabels.Label, valueStart: Int)?
        var index = start
        while index < bytes.count {
            let atWordStart = !isBlank(bytes[index]) && (index == start || isBlank(bytes[index - 1]))
            if atWordStart, let (label, length) = label(at: index, end: bytes.count, needsBlankAfter: true) {
                if let pending { store(pending.label, pending.valueStart..<index, into: &fields) }
                pending = (label, index + length)
                index += length
                continue
            }
            index += 1
        }
        if let pending { store(pending.label, pending.valueStart..<bytes.count, into: &fields) }
    }

    private func label(
        at index: Int, end: Int, needsBlankAfter: Bool
    ) -> (RenderedTextLabels.Label, Int)? {
        guard index < end else { return nil }
        for candidate in RenderedTextLabels.labelsByFirstByte[Int(bytes[index])] {
            let label = RenderedTextLabels.labels[candidate]
            let length = label.bytes.count
            guard end - index >= length, matches(label.bytes, at: index) else { continue }
            if needsBlankAfter && index + length < end && !isBlank(bytes[index + length]) { continue }
            return (label, length)
        }
        return nil
    }

    private func matches(_ label: [UInt8], at index: Int) -> Bool {
        for offset in 0..<label.count where bytes[index + offset] != label[offset] {
            return false
        }
        return true
    }

    private mutating func store(
        _ label: RenderedTextLabels.Label, _ range: Range<Int>, into fields: inout EventFields
    ) {
        switch label.target {
        case .section(let opensSubject):
            inSubject = opensSubject
        case .accountName:
            if inSubject, let value = text(range) { fields.setIfAbsent(.user, value) }
        case .field(let name):
            if let value = text(range) { fields.setIfAbsent(name, value) }
        case .ignored:
            break
        }
    }

    /// The value with blanks trimmed, or nil when nothing is left.
    private func text(_ range: Range<Int>) -> String? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isBlank(bytes[lower]) { lower += 1 }
        while upper > lower && isBlank(bytes[upper - 1]) { upper -= 1 }
        guard lower < upper else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    }

    private func skipBlanks(from start: Int, to end: Int) -> Int {
        var index = start
        while index < end && isBlank(bytes[index]) { index += 1 }
        return index
    }

    /// Space, TAB, CR, LF and NUL: what separates words and pads values in rendered text.
    private func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0
    }
}
