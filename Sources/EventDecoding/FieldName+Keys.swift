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

    /// One slot of the spelling table: the folded hash of a spelling (0 for an empty slot), its
    /// field, and where its lower-cased bytes lie in `spellingBytes`.
    private struct Slot {
        var hash: UInt64 = 0
        var name = FieldName.eventID
        var start = 0
        var count = 0
    }

    /// Slots of an open-addressed table, a power of two well above the number of spellings so
    /// that a key wfpwatch does not read mostly lands on an empty slot at once.
    private static let slotCount = 256
    private static let spellingBytes: [UInt8] = spellings.flatMap { Array($0.0.utf8).map(PlainText.folded) }
    private static let slots: [Slot] = {
        var table = Array(repeating: Slot(), count: slotCount)
        var start = 0
        for (spelling, name) in spellings {
            let count = spelling.utf8.count
            let hash = spelling.utf8.withContiguousStorageIfAvailable { foldedHash(UnsafeRawBufferPointer($0)) }!
            var slot = Int(truncatingIfNeeded: hash >> 40) & (slotCount - 1)
            while table[slot].hash != 0 { slot = (slot + 1) & (slotCount - 1) }
            table[slot] = Slot(hash: hash, name: name, start: start, count: count)
            start += count
        }
        return table
    }()

    /// The field a key names, or nil for keys wfpwatch does not read. One hash of the folded
    /// key, then a byte comparison only with the spelling of the same hash.
    public init?(key: UnsafeRawBufferPointer) {
        let hash = FieldName.foldedHash(key)
        var slot = Int(truncatingIfNeeded: hash >> 40) & (FieldName.slotCount - 1)
        while true {
            let entry = FieldName.slots[slot]
            if entry.hash == 0 { return nil }
            if entry.hash == hash && FieldName.equalsSpelling(key, start: entry.start, count: entry.count) {
                self = entry.name
                return
            }
            slot = (slot + 1) & (FieldName.slotCount - 1)
        }
    }

    /// A hash of the key's length and its first two and last two bytes, each with its 0x20 bit
    /// set: capitals and small letters hash alike, and a key that differs from a spelling only
    /// in a symbol's 0x20 bit is told apart by the comparison after. Enough to tell the
    /// spellings apart from most keys without reading whole keys. Never 0, which marks an
    /// empty slot; spellings that share a hash sit in neighbouring slots.
    @inline(__always)
    private static func foldedHash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        guard key.count >= 2 else { return UInt64(key.count) &+ 1 }
        let head = UInt64(key.loadUnaligned(as: UInt16.self))
        let tail = UInt64(key.loadUnaligned(fromByteOffset: key.count - 2, as: UInt16.self))
        let ends = (head | tail << 16) | 0x2020_2020
        let signature = ends | UInt64(truncatingIfNeeded: key.count) << 32
        let mixed = signature &* 0x9E37_79B9_7F4A_7C15
        return mixed == 0 ? 1 : mixed >> 8 | 1
    }

    private static func equalsSpelling(_ key: UnsafeRawBufferPointer, start: Int, count: Int) -> Bool {
        guard key.count == count else { return false }
        // The spellings are stored folded already: only the key's bytes need folding.
        return spellingBytes.withUnsafeBytes { spellings in
            let spelling = UnsafeRawBufferPointer(rebasing: spellings[start..<(start + count)])
            return count >= 8 ? equalsFoldedWords(key, spelling) : equalsFoldedBytes(key, spelling)
        }
    }

    private static func equalsFoldedBytes(_ key: UnsafeRawBufferPointer, _ spelling: UnsafeRawBufferPointer) -> Bool {
        for index in 0..<key.count where PlainText.folded(key[index]) != spelling[index] { return false }
        return true
    }

    /// `equalsFoldedBytes` eight bytes a step for keys of eight bytes or more; the last word
    /// overlaps the one before it rather than reading past the key.
    private static func equalsFoldedWords(_ key: UnsafeRawBufferPointer, _ spelling: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while true {
            let keyWord = key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let spellingWord = spelling.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            guard PlainText.foldedWord(keyWord) == spellingWord else { return false }
            if offset == key.count - 8 { return true }
            offset = min(offset + 8, key.count - 8)
        }
    }
}
