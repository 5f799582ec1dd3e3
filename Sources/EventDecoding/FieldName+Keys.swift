extension FieldName {
    /// The spellings under which formats carry each field. Windows EventData names are the
    /// same in NXLog JSON, XML `<Data Name=...>`, ECS `winlog.event_data` and Azure exports;
    /// envelope names differ per shipper. Matching ignores ASCII case.
    static let spellings: [(String, FieldName)] = [
        ("EventID", .eventID), ("event_id", .eventID),
        ("Computer", .computer), ("Hostname", .computer), ("computer_name", .computer),
        ("Channel", .channel),
        ("SourceName", .provider), ("ProviderName", .provider), ("provider_name", .provider),
        ("EventSourceName", .provider), ("Provider", .provider),
        ("TimeCreated", .timeCreated), ("SystemTime", .timeCreated), ("TimeGenerated", .timeCreated),
        ("EventTime", .eventTime),
        ("UtcTime", .utcTime),
        ("@timestamp", .collectorTime),
        ("Message", .message),
        ("ProcessID", .processID),
        ("Application", .application),
        ("Direction", .direction),
        ("SourceAddress", .sourceAddress), ("SourceIp", .sourceAddress),
        ("SourcePort", .sourcePort),
        ("DestAddress", .destinationAddress), ("DestinationIp", .destinationAddress),
        ("DestPort", .destinationPort), ("DestinationPort", .destinationPort),
        ("Protocol", .protocolNumber),
        ("Initiated", .initiated),
        ("Image", .image),
        ("NewProcessId", .newProcessID),
        ("NewProcessName", .newProcessName),
        ("CommandLine", .commandLine),
        ("ParentProcessId", .parentProcessID),
        ("ParentProcessName", .parentProcessName), ("ParentImage", .parentProcessName),
        ("User", .user), ("SubjectUserName", .user),
        ("QueryName", .queryName),
        ("QueryResults", .queryResults),
        ("TargetUserName", .targetUser),
        ("ProcessName", .processName),
    ]

    /// The first spelling of the field, as error details name it (`DestAddress`).
    package var canonicalKey: String {
        FieldName.spellings.first { $0.1 == self }?.0 ?? "\(self)"
    }

    /// Spellings bucketed by length, lower-cased, for a lookup that allocates nothing.
    private static let buckets: [[([UInt8], FieldName)]] = {
        var table = Array(repeating: [([UInt8], FieldName)](), count: 32)
        for (spelling, name) in spellings {
            let lowered = Array(spelling.utf8).map { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) }
            table[lowered.count].append((lowered, name))
        }
        return table
    }()

    /// The field a key names, or nil for keys wfpwatch does not read.
    public init?(key: UnsafeRawBufferPointer) {
        guard key.count < FieldName.buckets.count else { return nil }
        for (spelling, name) in FieldName.buckets[key.count] where FieldName.equalsIgnoringCase(key, spelling) {
            self = name
            return
        }
        return nil
    }

    private static func equalsIgnoringCase(_ key: UnsafeRawBufferPointer, _ lowered: [UInt8]) -> Bool {
        for index in 0..<lowered.count {
            let byte = key[index]
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != lowered[index] { return false }
        }
        return true
    }
}
