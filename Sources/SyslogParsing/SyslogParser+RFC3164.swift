import WFPCore

/// RFC 3164 (`TIMESTAMP SP HOSTNAME SP TAG[pid]: MSG`) and the shapes real senders give it:
/// Cisco IOS (`83: *Feb 28 00:20:10.663 UTC: %SYS-5-CONFIG_I: ...`), rsyslog's RFC 3339 time in
/// the legacy position, Snare's TAB after the tag (or `#011` after a relay), and a JSON body
/// right after the hostname.
extension SyslogParser {
    /// Reads the header after `<PRI>`. Without a readable timestamp nothing after the PRI is
    /// trusted: the event keeps the receive time and the rest of the frame as message.
    func parseRFC3164(_ cursor: inout ByteCursor, into header: inout SyslogHeader, receivedAt: Timestamp) {
        header.format = .rfc3164
        let afterPriority = cursor.index
        header.message = afterPriority..<cursor.bytes.count

        let isCisco = readCiscoPrefix(&cursor, into: &header)
        guard readTimestamp(&cursor, into: &header, isCisco: isCisco, receivedAt: receivedAt) else {
            header.sequence = nil
            header.clockUnsynchronized = false
            return
        }

        // Cisco ends the time with `:` and sends no hostname: the sender address stands for it.
        if cursor.consume(.asciiColon) {
            cursor.skipSpaces()
        } else {
            cursor.skipSpaces()
            readHostname(&cursor, into: &header)
        }

        if cursor.peek() != .asciiOpenBrace {
            readTag(&cursor, into: &header)
        }
        header.message = cursor.index..<cursor.bytes.count
    }

    /// Cisco's `83: ` sequence number and `*` (or `.`) clock-not-synchronized mark.
    private func readCiscoPrefix(_ cursor: inout ByteCursor, into header: inout SyslogHeader) -> Bool {
        let start = cursor.index
        if let digits = cursor.readDigits(maximumDigits: 18), cursor.consume(.asciiColon), cursor.skipSpaces() > 0 {
            header.sequence = digits.value
        } else {
            cursor.index = start
        }
        if cursor.peek() == .asciiAsterisk || cursor.peek() == .asciiDot {
            cursor.index += 1
            header.clockUnsynchronized = true
        }
        return header.sequence != nil || header.clockUnsynchronized
    }

    /// A BSD time (with the zone Cisco may add) or an RFC 3339 time, followed by a space, `:` or
    /// the end. False, with the cursor unmoved, when neither is there.
    private func readTimestamp(
        _ cursor: inout ByteCursor, into header: inout SyslogHeader, isCisco: Bool, receivedAt: Timestamp
    ) -> Bool {
        let start = cursor.index
        var timestamp: Timestamp?
        var hadZone = false
        if let legacy = LegacyTimestamp.read(&cursor) {
            hadZone = readZoneName(&cursor, isCisco: isCisco)
            let offsetSeconds = hadZone ? 0 : timeZoneOffsetSeconds
            timestamp = legacy.timestamp(offsetSeconds: offsetSeconds, receivedAt: receivedAt)
        } else if cursor.peek()?.isASCIIDigit == true,
            let parsed = DateTimeText.parse(
                cursor.slice(cursor.index..<cursor.bytes.count),
                defaultOffsetSeconds: timeZoneOffsetSeconds)
        {
            cursor.index += parsed.length
            timestamp = parsed.timestamp
            hadZone = parsed.hadZone
        }

        let next = cursor.peek()
        guard let timestamp, next == nil || next == .asciiSpace || next == .asciiColon else {
            cursor.index = start
            return false
        }
        header.timestamp = timestamp
        header.timestampSource = .message
        header.timeZoneAssumed = !hadZone
        return true
    }

    /// ` UTC` or ` GMT` after the time; from Cisco also any other abbreviation before its `:`,
    /// which is skipped and the time read in the configured zone. True when the zone is UTC.
    private func readZoneName(_ cursor: inout ByteCursor, isCisco: Bool) -> Bool {
        guard cursor.peek() == .asciiSpace else { return false }
        var length = 0
        while length < 6, cursor.peek(1 + length)?.isASCIIUppercaseLetter == true { length += 1 }
        let after = cursor.peek(1 + length)
        guard length >= 2, length <= 5, after == nil || after == .asciiSpace || after == .asciiColon else {
            return false
        }

        let isUTC =
            length == 3
            && (isName("UTC", at: cursor.index + 1, in: cursor.bytes)
                || isName("GMT", at: cursor.index + 1, in: cursor.bytes))
        guard isUTC || (isCisco && after == .asciiColon) else { return false }
        cursor.index += 1 + length
        return isUTC
    }

    private func isName(_ name: StaticString, at index: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard index + name.utf8CodeUnitCount <= bytes.count else { return false }
        for offset in 0..<name.utf8CodeUnitCount where bytes[index + offset] != name.utf8Start[offset] {
            return false
        }
        return true
    }

    /// The token after the time, unless it is the tag itself: one ending in `:` (but not an IPv6
    /// address such as `2001:db8:1:2::`), holding `[` or `#011`, or ended by a TAB; or a JSON body.
    private func readHostname(_ cursor: inout ByteCursor, into header: inout SyslogHeader) {
        let start = cursor.index
        guard cursor.peek() != .asciiOpenBrace else { return }
        var sawBracket = false
        var sawEscapedTab = false
        while let byte = cursor.peek(), byte != .asciiSpace, byte != .asciiTab {
            sawBracket = sawBracket || byte == .asciiOpenBracket
            sawEscapedTab = sawEscapedTab || cursor.peekEscapedTab()
            cursor.index += 1
        }
        let token = start..<cursor.index
        let endsWithColon = !token.isEmpty && cursor.bytes[token.upperBound - 1] == .asciiColon
        let isTag =
            sawBracket || sawEscapedTab || cursor.peek() == .asciiTab
            || (endsWithColon && !Self.looksLikeIPv6(token, in: cursor.bytes))
        guard !isTag, !token.isEmpty else {
            cursor.index = start
            return
        }
        header.hostname = token
        cursor.skipSpaces()
    }

    /// Hex digits and colons only, with `::` somewhere: an IPv6 address, not a tag.
    static func looksLikeIPv6(_ token: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Bool {
        var sawDoubleColon = false
        var previousWasColon = false
        for index in token {
            let byte = bytes[index]
            if byte == .asciiColon {
                sawDoubleColon = sawDoubleColon || previousWasColon
                previousWasColon = true
            } else if byte.isASCIIHexDigit || byte == .asciiDot {
                previousWasColon = false
            } else {
                return false
            }
        }
        return sawDoubleColon
    }

    /// TAG up to `[pid]`, `:`, a space, a TAB or `#011`; the delimiter (and one space after a
    /// colon) is consumed so the cursor rests on the message.
    private func readTag(_ cursor: inout ByteCursor, into header: inout SyslogHeader) {
        let start = cursor.index
        while let byte = cursor.peek(), byte != .asciiSpace, byte != .asciiTab, byte != .asciiColon,
            byte != .asciiOpenBracket, !cursor.peekEscapedTab()
        {
            cursor.index += 1
        }
        header.appName = start < cursor.index ? start..<cursor.index : nil

        if cursor.peek() == .asciiOpenBracket {
            guard readProcID(&cursor, into: &header) else { return }
        }
        if cursor.consume(.asciiColon) {
            _ = cursor.consume(.asciiSpace)
        } else if !cursor.consume(.asciiSpace), !cursor.consume(.asciiTab) {
            _ = cursor.consumeEscapedTab()
        }
    }

    /// `[pid]` after the tag. False, with the cursor on `[`, when the bracket is not closed
    /// within the token; the message then starts there.
    private func readProcID(_ cursor: inout ByteCursor, into header: inout SyslogHeader) -> Bool {
        let open = cursor.index
        cursor.index += 1
        while let byte = cursor.peek(), byte != .asciiCloseBracket, byte != .asciiSpace { cursor.index += 1 }
        guard cursor.peek() == .asciiCloseBracket else {
            cursor.index = open
            return false
        }
        header.procID = open + 1 < cursor.index ? open + 1..<cursor.index : nil
        cursor.index += 1
        return true
    }
}
