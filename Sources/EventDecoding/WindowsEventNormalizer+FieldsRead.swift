extension WindowsEventNormalizer {
    /// The fields `normalize` may read for an event with `eventID`, so that a format which keeps
    /// values as bytes until the id is known (`JSONEventExtractor`) makes strings of only these.
    /// Sysmon ids read every field: whether the event is Sysmon's depends on several of them.
    ///
    /// This list and the readers in `normalize` change together; a test decodes the real
    /// captures both ways and expects the same events.
    package static func fieldsRead(eventID: UInt32) -> [FieldName] {
        switch eventID {
        case 5156, 5157: return connectionFieldsRead
        case 4688: return processCreationFieldsRead
        case 4689: return processTerminationFieldsRead
        default: return FieldName.allCases
        }
    }

    /// What every kind reads: the id, the host, and the event times in `resolveTime`'s order.
    private static let envelopeFieldsRead: [FieldName] = [
        .eventID, .computer, .eventTime, .timeCreated, .utcTime, .collectorTime,
    ]

    /// 5156 / 5157 (`connection` with kind `.connection`).
    private static let connectionFieldsRead = envelopeFieldsRead + [
        .sourceAddress, .destinationAddress, .sourcePort, .destinationPort, .protocolNumber, .direction,
        .processID, .application, .image,
    ]

    /// 4688 (`securityProcessStart`).
    private static let processCreationFieldsRead = envelopeFieldsRead + [
        .newProcessName, .newProcessID, .processID, .parentProcessName, .user, .targetUser, .commandLine,
    ]

    /// 4689 (`processEnd` with kind `.processTermination`).
    private static let processTerminationFieldsRead = envelopeFieldsRead + [.processName, .processID, .user]
}
