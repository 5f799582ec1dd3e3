/// Reads the JSON layouts Windows events arrive in into `EventFields`:
///
/// - NXLog `to_json`, 2020 layout: EventData at top level, the application PID in `ProcessId`
///   and the writer in `ExecutionProcessID`;
/// - NXLog CE layout: the writer (4) in `ProcessID`, which hides the application PID; that one
///   is read back from the rendered `Message`;
/// - flat exports (OTRF): `TimeCreated` and EventData at top level, no NXLog fields;
/// - Winlogbeat / ECS: `winlog.event_id`, `winlog.computer_name`, `winlog.event_data.*`;
/// - Azure Log Analytics: `SecurityEvent` rows with `EventData` as an XML string (or flattened
///   columns), `WindowsEvent` rows with `EventData` as a JSON string.
///
/// Only values of fields wfpwatch reads become strings; everything else stays in the buffer.
package enum JSONEventExtractor {
    package enum Outcome {
        case fields(EventFields, PayloadFormat)
        /// Well-formed JSON without an event id: some other application's log line.
        case notWindowsEvent
        case failed(DecodeFailure)
    }

    /// Which of the found fields become strings: those the event id's normalization reads
    /// (`readFields`), or every one (to check that choice against).
    package enum Materializing {
        case readFields
        case allFields
    }

    package static func extract(
        _ bytes: UnsafeRawBufferPointer, materializing: Materializing = .readFields
    ) -> Outcome {
        var layout = JSONLayoutReader()
        if let error = JSONScanner.scan(bytes, visit: { layout.visit($0) }) {
            return .failed(DecodeFailure(.malformedJSON, error.description))
        }
        let format = layout.format
        if let processID = layout.topLevelProcessID, !layout.processIDIsWriter {
            layout.fields.setIfAbsent(.processID, processID)
        }

        var fields = EventFields()
        guard let eventIDText = layout.fields.string(.eventID) else { return .notWindowsEvent }
        fields[.eventID] = eventIDText
        // Ids that cannot be analysed are skipped later; their other fields are not worth reading.
        guard let eventID = WindowsFieldValues.decimal(eventIDText, maximum: UInt64(UInt32.max)),
            WindowsEventNormalizer.mayBeAnalysed(eventID: UInt32(eventID))
        else { return .fields(fields, format) }

        switch materializing {
        case .readFields:
            layout.fields.materialize(WindowsEventNormalizer.fieldsRead(eventID: UInt32(eventID)), into: &fields)
        case .allFields:
            layout.fields.materialize(FieldName.allCases, into: &fields)
        }
        if let eventData = layout.eventDataString {
            if let failure = readEventDataString(eventData.raw, needsUnescape: eventData.escaped, into: &fields) {
                return .failed(failure)
            }
        }
        if fields[.processID] == nil, let message = layout.message {
            let text = JSONText.bytes(message.raw, needsUnescape: message.escaped)
            if let pid = MessageLabelReader.processID(eventID: UInt32(eventID), message: text) {
                fields[.processID] = pid
            }
        }
        return .fields(fields, format)
    }

    /// Azure's `EventData` column: an XML fragment or a JSON object, as a string.
    private static func readEventDataString(
        _ raw: UnsafeRawBufferPointer, needsUnescape: Bool, into fields: inout EventFields
    ) -> DecodeFailure? {
        let document = JSONText.bytes(raw, needsUnescape: needsUnescape)
        return document.withUnsafeBytes { bytes -> DecodeFailure? in
            let first = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }
            switch first.map({ bytes[$0] }) {
            case UInt8(ascii: "<"):
                return EventDataXMLExtractor.extract(bytes, into: &fields)
                    ? nil : DecodeFailure(.malformedXML, "EventData")
            case UInt8(ascii: "{"):
                let error = JSONScanner.scan(bytes) { member in
                    if member.depth == 1 { JSONLayoutReader.setField(member, into: &fields) }
                    return false
                }
                return error.map { DecodeFailure(.malformedJSON, "EventData: \($0)") }
            default:
                return nil
            }
        }
    }
}
