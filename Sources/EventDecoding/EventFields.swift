/// The Windows event fields wfpwatch reads, under one canonical name each. Every payload format
/// only extracts these (NXLog keys, ECS `winlog.event_data` keys, XML `<Data Name=...>`,
/// rendered-text labels, Snare columns); `WindowsEventNormalizer` then builds the event from
/// them, so a format never knows about detection and normalization is written once.
public enum FieldName: Int, CaseIterable, Sendable {
    // Envelope.
    case eventID
    case computer
    case channel
    case provider
    /// A zoned event time (ISO 8601 with Z or offset): TimeCreated, SystemTime, TimeGenerated.
    case timeCreated
    /// NXLog's EventTime, `YYYY-MM-DD hh:mm:ss` in the sender's zone (or ISO with zone).
    case eventTime
    /// Sysmon's UtcTime, `YYYY-MM-DD hh:mm:ss.fff` in UTC.
    case utcTime
    /// A collector's time (`@timestamp`), used only when the event has no time of its own.
    case collectorTime
    /// The rendered message text, used when a layout keeps some fields only there.
    case message

    // Filtering Platform (5156/5157) and Sysmon 3.
    case processID
    case application
    case direction
    case sourceAddress
    case sourcePort
    case destinationAddress
    case destinationPort
    case protocolNumber
    /// Sysmon 3 `Initiated` (true: outbound).
    case initiated

    /// Sysmon's `Image`: the process an event is about (Sysmon 1, 3, 22).
    case image

    // Process creation (4688, Sysmon 1).
    case newProcessID
    case newProcessName
    case commandLine
    case parentProcessID
    case parentProcessName
    case user

    // DNS (Sysmon 22).
    case queryName
    case queryResults

    /// 4688 `TargetUserName`: the new process's account when it differs from the creator's.
    case targetUser

    /// 4689 `ProcessName`: the exiting process's path.
    case processName
}

/// The extracted values, one slot per `FieldName`. A format fills the slots it finds; a slot
/// already set is not overwritten unless the format says so, so the first spelling wins.
public struct EventFields: Sendable {
    private var slots: [String?]

    public init() {
        slots = Array(repeating: nil, count: FieldName.allCases.count)
    }

    public subscript(_ name: FieldName) -> String? {
        get { slots[name.rawValue] }
        set { slots[name.rawValue] = newValue }
    }

    /// Sets `name` only if nothing set it before.
    public mutating func setIfAbsent(_ name: FieldName, _ value: String) {
        if slots[name.rawValue] == nil { slots[name.rawValue] = value }
    }
}
