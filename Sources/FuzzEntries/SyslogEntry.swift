import SyslogParsing

extension FuzzEntries {
    /// Zones the header parser runs with: UTC and the two extremes of real offsets.
    private static let timeZoneOffsets = [0, -12 * 3600, 14 * 3600]

    /// Parses the input as one syslog frame (RFC 5424 or RFC 3164, whichever it looks like)
    /// under several zones; every range the header records must lie inside the frame.
    package static func syslogHeader(_ input: UnsafeRawBufferPointer) -> SyslogHeader.Format {
        var format = SyslogHeader.Format.unstructured
        for offset in timeZoneOffsets {
            let header = SyslogParser(timeZoneOffsetSeconds: offset).parse(input, receivedAt: receivedAt)
            checkRanges(header, count: input.count)
            format = header.format
        }
        return format
    }

    private static func checkRanges(_ header: SyslogHeader, count: Int) {
        let ranges = [
            header.hostname, header.appName, header.procID, header.msgID, header.structuredData, header.message,
        ]
        for range in ranges {
            require(isInside(range, count: count), "header range \(String(describing: range)) outside \(count)")
        }
        require(header.priority <= 191, "priority \(header.priority) over 191")
    }
}
