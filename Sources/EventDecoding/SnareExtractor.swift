/// Reads a Snare `MSWinEventLog` record (TAB separated, or `#011` separated after an rsyslog
/// relay) into fields: EventID, log (channel), source (provider), computer and the zone-less
/// date-time (eventTime), then the rendered-text labels of its expanded text.
public enum SnareExtractor {
    /// Fills `fields` from the Snare body in `bytes` (starting with `MSWinEventLog` or with what
    /// follows the tag). Returns false when the first five columns are not a Snare record.
    public static func extract(_ bytes: UnsafeRawBufferPointer, into fields: inout EventFields) -> Bool {
        guard let columns = SnareColumns(bytes), let layout = SnareRecord.Layout(columns) else { return false }

        setColumn(4, .eventID, columns, &fields)
        setColumn(1, .channel, columns, &fields)
        setColumn(5, .provider, columns, &fields)
        setColumn(9, .computer, columns, &fields)
        if let time = SnareRecord.eventTime(UnsafeRawBufferPointer(rebasing: bytes[columns.ranges[3]])) {
            fields.setIfAbsent(.eventTime, time)
        }

        if let range = layout.expandedText {
            readExpandedText(range, columns, &fields)
        }
        return true
    }

    private static func setColumn(
        _ index: Int, _ name: FieldName, _ columns: SnareColumns, _ fields: inout EventFields
    ) {
        guard index < columns.ranges.count, !columns.ranges[index].isEmpty else { return }
        fields.setIfAbsent(name, columns.text(index))
    }

    /// Runs the rendered-text reader over the text in place, or over an unescaped copy when a
    /// relay escaped control bytes in it. A text it does not know (e.g. a WSUS warning) is fine.
    private static func readExpandedText(_ range: Range<Int>, _ columns: SnareColumns, _ fields: inout EventFields) {
        if columns.separator == .escapedTab {
            let text = columns.unescaped(range)
            _ = text.withUnsafeBytes { RenderedTextExtractor.extract($0, into: &fields) }
        } else {
            _ = RenderedTextExtractor.extract(UnsafeRawBufferPointer(rebasing: columns.bytes[range]), into: &fields)
        }
    }
}
