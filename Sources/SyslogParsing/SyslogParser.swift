import WFPCore

/// Parses RFC 5424 and RFC 3164 headers (with the variants real senders produce) in place.
///
/// The parser only records byte ranges and numbers: it allocates nothing, and no input makes it
/// fail. What it cannot read stays in the message, so no sender's bytes are lost.
public struct SyslogParser: Sendable {
    /// Zone for timestamps that carry none, in seconds east of UTC.
    public var timeZoneOffsetSeconds: Int

    public init(timeZoneOffsetSeconds: Int = 0) {
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    }

    /// Parses `frame`. Never fails: a frame without a recognizable header is `.unstructured`
    /// with PRI 13, the receive time, and the whole frame as message. `receivedAt` resolves
    /// missing years (the year closest to receipt) and missing timestamps.
    ///
    /// Line terminators and NULs at the very end of the frame (`\n`, `\r\n`, `\0`) are left
    /// out of every range; inside the message they are kept.
    public func parse(_ frame: UnsafeRawBufferPointer, receivedAt: Timestamp) -> SyslogHeader {
        let content = UnsafeRawBufferPointer(rebasing: frame[0..<Self.contentEnd(of: frame)])
        var cursor = ByteCursor(content)
        var header = SyslogHeader(
            format: .unstructured, priority: Self.defaultPriority, hasPriority: false, timestamp: receivedAt,
            timestampSource: .receiver, message: 0..<content.count)

        guard let priority = Self.readPriority(&cursor) else { return header }
        header.priority = priority
        header.hasPriority = true

        // RFC 5424 is the only format with a version right after the PRI; `1` is the only one.
        if cursor.peek() == .asciiOne, cursor.peek(1) == .asciiSpace {
            cursor.index += 2
            parseRFC5424(&cursor, into: &header, receivedAt: receivedAt)
        } else {
            parseRFC3164(&cursor, into: &header, receivedAt: receivedAt)
        }
        return header
    }

    /// user.notice, what RFC 3164 relays assume for a message without PRI.
    static let defaultPriority: UInt8 = 13

    /// Reads `<0..191>`; nil (and no move) when the frame does not start with a valid PRI.
    static func readPriority(_ cursor: inout ByteCursor) -> UInt8? {
        let start = cursor.index
        guard cursor.consume(.asciiLess), let digits = cursor.readDigits(maximumDigits: 3),
            digits.value <= 191, cursor.consume(.asciiGreater)
        else {
            cursor.index = start
            return nil
        }
        return UInt8(digits.value)
    }

    /// The frame length without trailing LF, CR and NUL bytes.
    static func contentEnd(of frame: UnsafeRawBufferPointer) -> Int {
        var end = frame.count
        while end > 0 {
            let byte = frame[end - 1]
            guard byte == .asciiLineFeed || byte == .asciiCarriageReturn || byte == 0 else { break }
            end -= 1
        }
        return end
    }

    /// `range` unless it is empty or the NILVALUE `-`.
    static func valueUnlessNil(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        if range.isEmpty || (range.count == 1 && bytes[range.lowerBound] == .asciiMinus) { return nil }
        return range
    }
}
