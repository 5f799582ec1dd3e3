import WFPCore

/// RFC 5424: `TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]`.
extension SyslogParser {
    /// Reads the header after `<PRI>1 `. A frame cut short keeps what it had; the fields that did
    /// not arrive stay nil and the message is empty.
    func parseRFC5424(_ cursor: inout ByteCursor, into header: inout SyslogHeader, receivedAt: Timestamp) {
        header.format = .rfc5424
        header.message = cursor.bytes.count..<cursor.bytes.count
        readTimestamp(&cursor, into: &header)

        // Fields are positional: each one is a token ending in a space, `-` meaning absent.
        guard cursor.consume(.asciiSpace) else { return }
        header.hostname = Self.valueUnlessNil(cursor.readToken(), in: cursor.bytes)
        guard cursor.consume(.asciiSpace) else { return }
        header.appName = Self.valueUnlessNil(cursor.readToken(), in: cursor.bytes)
        guard cursor.consume(.asciiSpace) else { return }
        header.procID = Self.valueUnlessNil(cursor.readToken(), in: cursor.bytes)
        guard cursor.consume(.asciiSpace) else { return }
        header.msgID = Self.valueUnlessNil(cursor.readToken(), in: cursor.bytes)
        guard cursor.consume(.asciiSpace) else { return }

        readStructuredData(&cursor, into: &header)
        readMessage(&cursor, into: &header)
    }

    /// RFC 3339 with 1–9 fraction digits and `Z` or `±hh:mm`; `-` or an unreadable time leaves the
    /// receive time in place. A zone-less time is read in the configured zone.
    private func readTimestamp(_ cursor: inout ByteCursor, into header: inout SyslogHeader) {
        let token = cursor.readToken()
        guard Self.valueUnlessNil(token, in: cursor.bytes) != nil,
            let parsed = DateTimeText.parse(cursor.slice(token), defaultOffsetSeconds: timeZoneOffsetSeconds),
            parsed.length == token.count
        else { return }
        header.timestamp = parsed.timestamp
        header.timestampSource = .message
        header.timeZoneAssumed = !parsed.hadZone
    }

    /// One or more `[id param="value" ...]` elements, or `-`. Anything else (an en-dash from a
    /// word processor, a key=value body) is taken as the start of the message, with no SD.
    private func readStructuredData(_ cursor: inout ByteCursor, into header: inout SyslogHeader) {
        let start = cursor.index
        if cursor.peek() == .asciiMinus, cursor.peek(1) == nil || cursor.peek(1) == .asciiSpace {
            cursor.index += 1
            return
        }
        guard cursor.peek() == .asciiOpenBracket,
            let end = Self.structuredDataEnd(in: cursor.bytes, from: start)
        else {
            header.message = start..<cursor.bytes.count
            cursor.index = cursor.bytes.count
            return
        }
        header.structuredData = start..<end
        cursor.index = end
    }

    /// The message after the space that ends the SD, without a leading UTF-8 BOM.
    private func readMessage(_ cursor: inout ByteCursor, into header: inout SyslogHeader) {
        guard !cursor.isAtEnd else { return }
        // Senders that omit the space before MSG still get their text delivered.
        _ = cursor.consume(.asciiSpace)
        if cursor.peek() == 0xEF, cursor.peek(1) == 0xBB, cursor.peek(2) == 0xBF {
            cursor.index += 3
        }
        header.message = cursor.index..<cursor.bytes.count
    }

    /// The index after the last of consecutive SD elements starting at `start` (which holds `[`),
    /// or nil when an element is not closed before the end of the frame.
    static func structuredDataEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index < bytes.count, bytes[index] == .asciiOpenBracket {
            guard let close = elementClose(in: bytes, from: index) else { return nil }
            index = close + 1
        }
        return index
    }

    /// The index of the `]` closing the element opened at `open`. Inside a quoted value `]` is
    /// text and a backslash escapes the byte after it (`\"`, `\\`, `\]`).
    private static func elementClose(in bytes: UnsafeRawBufferPointer, from open: Int) -> Int? {
        var index = open + 1
        var insideValue = false
        while index < bytes.count {
            let byte = bytes[index]
            if insideValue {
                if byte == .asciiBackslash {
                    index += 2
                    continue
                }
                if byte == .asciiQuote { insideValue = false }
            } else if byte == .asciiQuote {
                insideValue = true
            } else if byte == .asciiCloseBracket {
                return index
            }
            index += 1
        }
        return nil
    }
}
