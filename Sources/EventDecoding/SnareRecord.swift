/// Every column of a Snare `MSWinEventLog` record, as text. The decoder reads the columns in
/// place (`SnareExtractor`); this value is for `inspect` and tests.
///
/// Column order: criticality, log name, record counter, date-time, EventID, source, user, SID
/// type, event type, computer, category, data string, expanded text, trailing counter.
public struct SnareRecord: Equatable, Sendable {
    public var criticality: String
    public var logName: String
    public var recordCounter: String
    /// As sent, e.g. `Wed Dec 04 15:30:00 2024` (no zone).
    public var dateTime: String
    public var eventID: String
    public var sourceName: String
    public var userName: String
    public var sidType: String
    public var eventType: String
    public var computer: String
    public var category: String
    public var dataString: String
    /// The rendered message, without escapes or the CR of the line end.
    public var expandedText: String
    /// The counter some Snare versions append after the text; nil when absent.
    public var trailingCounter: String?

    /// `dateTime` as `YYYY-MM-DD hh:mm:ss` (still without zone), or nil when it cannot be read.
    public var eventTime: String? {
        var copy = dateTime
        return copy.withUTF8 { SnareRecord.eventTime(UnsafeRawBufferPointer($0)) }
    }

    /// Parses a body that starts with `MSWinEventLog` or with what follows the tag and its
    /// separator. Returns nil when the first five columns are not a Snare record.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> SnareRecord? {
        guard let columns = SnareColumns(bytes), let layout = Layout(columns) else { return nil }
        return SnareRecord(
            criticality: columns.text(0), logName: columns.text(1), recordCounter: columns.text(2),
            dateTime: columns.text(3), eventID: columns.text(4), sourceName: columns.text(5),
            userName: columns.text(6), sidType: columns.text(7), eventType: columns.text(8),
            computer: columns.text(9), category: columns.text(10), dataString: columns.text(11),
            expandedText: layout.expandedText.map { columns.text($0) } ?? "",
            trailingCounter: layout.trailingCounter.map { columns.text($0) })
    }

    /// Where the free text and the trailing counter are, once the fixed columns are checked.
    struct Layout {
        static let expandedTextColumn = 12

        var expandedText: Range<Int>?
        var trailingCounter: Range<Int>?

        /// Nil unless criticality, record counter and EventID are numbers and the date reads.
        init?(_ columns: SnareColumns) {
            let ranges = columns.ranges
            guard ranges.count >= 5 else { return nil }
            let bytes = columns.bytes
            guard SnareRecord.isNumber(bytes, ranges[0], maximumDigits: 3),
                SnareRecord.isNumber(bytes, ranges[2], maximumDigits: 20),
                SnareRecord.isNumber(bytes, ranges[4], maximumDigits: 10),
                SnareRecord.eventTime(UnsafeRawBufferPointer(rebasing: bytes[ranges[3]])) != nil
            else { return nil }

            // The text is one column, unless it held separators itself: then it runs up to
            // the trailing counter, the last column when that is a number.
            let first = Self.expandedTextColumn
            guard ranges.count > first else { return }
            var last = ranges.count - 1
            if last > first, SnareRecord.isNumber(bytes, ranges[last], maximumDigits: 20) {
                trailingCounter = ranges[last]
                last -= 1
            }
            expandedText = ranges[first].lowerBound..<ranges[last].upperBound
        }
    }

    static func isNumber(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, maximumDigits: Int) -> Bool {
        guard !range.isEmpty, range.count <= maximumDigits else { return false }
        return range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
    }
}
