extension WindowsEventNormalizer {
    /// The kind-specific part of the event.
    static func detail(
        _ kind: Kind, eventID: UInt32, fields: EventFields
    ) throws(DecodeFailure) -> NormalizedEvent.Detail {
        switch kind {
        case .connection, .sysmonConnection:
            return .connection(try connection(kind, eventID: eventID, fields: fields))
        case .processCreation:
            return .processStart(try securityProcessStart(fields))
        case .sysmonProcessCreation:
            return .processStart(try sysmonProcessStart(fields))
        case .sysmonDNSQuery:
            return .dnsQuery(try dnsQuery(fields))
        case .processTermination, .sysmonProcessTermination:
            return .processEnd(try processEnd(kind, fields: fields))
        }
    }

    /// 5156 / 5157 (Application, Direction) and Sysmon 3 (Image, Initiated).
    private static func connection(
        _ kind: Kind, eventID: UInt32, fields: EventFields
    ) throws(DecodeFailure) -> Connection {
        let source = try WindowsFieldValues.address(fields, .sourceAddress)
        let destination = try WindowsFieldValues.address(fields, .destinationAddress)
        guard let destinationPort = try WindowsFieldValues.port(fields, .destinationPort) else {
            throw DecodeFailure(.missingField, FieldName.destinationPort.canonicalKey)
        }
        let sourcePort = try WindowsFieldValues.port(fields, .sourcePort) ?? 0
        let protocolNumber = try WindowsFieldValues.protocolNumber(fields) ?? 0

        let direction: Direction
        if kind == .sysmonConnection {
            direction = WindowsFieldValues.initiatedDirection(fields[.initiated])
        } else {
            direction = WindowsFieldValues.direction(fields[.direction])
        }
        let pid = try WindowsFieldValues.processID(fields, .processID)
        let process = WindowsFieldValues.process(path: fields[.application] ?? fields[.image], pid: pid)

        return Connection(
            process: process, outcome: eventID == 5157 ? .blocked : .allowed, direction: direction,
            protocolNumber: protocolNumber, sourceAddress: source, sourcePort: sourcePort,
            destinationAddress: destination, destinationPort: destinationPort)
    }

    /// 4688: the creator is `ProcessId` with `ParentProcessName`; the account is the subject's
    /// unless only the target is named.
    private static func securityProcessStart(_ fields: EventFields) throws(DecodeFailure) -> ProcessStart {
        guard let path = WindowsFieldValues.present(fields[.newProcessName]) else {
            throw DecodeFailure(.missingField, FieldName.newProcessName.canonicalKey)
        }
        let pid = try WindowsFieldValues.processID(fields, .newProcessID)
        let parentPID = try WindowsFieldValues.processID(fields, .processID)
        let parentPath = WindowsFieldValues.present(fields[.parentProcessName])
        let parent = parentPID == nil && parentPath == nil
            ? nil : WindowsFieldValues.process(path: parentPath, pid: parentPID)
        let user = WindowsFieldValues.present(fields[.user]) ?? WindowsFieldValues.present(fields[.targetUser])

        return ProcessStart(
            process: WindowsFieldValues.process(path: path, pid: pid),
            commandLine: WindowsFieldValues.present(fields[.commandLine]), parent: parent, user: user)
    }

    /// Sysmon 1: `Image` / `ProcessId` for the new process, `ParentImage` / `ParentProcessId`.
    private static func sysmonProcessStart(_ fields: EventFields) throws(DecodeFailure) -> ProcessStart {
        guard let path = WindowsFieldValues.present(fields[.image]) else {
            throw DecodeFailure(.missingField, FieldName.image.canonicalKey)
        }
        let pid = try WindowsFieldValues.processID(fields, .processID)
        let parentPID = try WindowsFieldValues.processID(fields, .parentProcessID)
        let parentPath = WindowsFieldValues.present(fields[.parentProcessName])
        let parent = parentPID == nil && parentPath == nil
            ? nil : WindowsFieldValues.process(path: parentPath, pid: parentPID)

        return ProcessStart(
            process: WindowsFieldValues.process(path: path, pid: pid),
            commandLine: WindowsFieldValues.present(fields[.commandLine]), parent: parent,
            user: WindowsFieldValues.present(fields[.user]))
    }

    /// 4689 names the exiting process `ProcessId` / `ProcessName`, Sysmon 5 `ProcessId` / `Image`.
    private static func processEnd(_ kind: Kind, fields: EventFields) throws(DecodeFailure) -> ProcessEnd {
        let pathField: FieldName = kind == .processTermination ? .processName : .image
        guard let path = WindowsFieldValues.present(fields[pathField]) else {
            throw DecodeFailure(.missingField, pathField.canonicalKey)
        }
        guard let pid = try WindowsFieldValues.processID(fields, .processID) else {
            throw DecodeFailure(.missingField, FieldName.processID.canonicalKey)
        }
        return ProcessEnd(
            process: WindowsFieldValues.process(path: path, pid: pid), user: WindowsFieldValues.present(fields[.user]))
    }

    /// Sysmon 22: the query, and the addresses and CNAMEs of `QueryResults`.
    private static func dnsQuery(_ fields: EventFields) throws(DecodeFailure) -> DNSQuery {
        guard let name = WindowsFieldValues.present(fields[.queryName]) else {
            throw DecodeFailure(.missingField, FieldName.queryName.canonicalKey)
        }
        let pid = try WindowsFieldValues.processID(fields, .processID)
        let (answers, aliases) = WindowsFieldValues.queryResults(fields[.queryResults] ?? "")
        return DNSQuery(
            process: WindowsFieldValues.process(path: fields[.image], pid: pid), queryName: name,
            answers: answers, aliases: aliases)
    }
}
