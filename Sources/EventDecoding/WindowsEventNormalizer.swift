import WFPCore

/// Builds a `NormalizedEvent` from the canonical fields a payload format extracted, so that
/// event kinds, times, hosts and value spellings are interpreted in one place for every format.
package struct WindowsEventNormalizer: Sendable {
    /// What the syslog layer knew about the message around the event.
    package struct Envelope: Sendable {
        /// The syslog header's hostname (a relay, or the computer itself).
        package var syslogHostname: String?
        /// The header's timestamp when the message carried one.
        package var headerTime: Timestamp?
        package var receivedAt: Timestamp
        package var truncated: Bool

        package init(syslogHostname: String?, headerTime: Timestamp?, receivedAt: Timestamp, truncated: Bool) {
            self.syslogHostname = syslogHostname
            self.headerTime = headerTime
            self.receivedAt = receivedAt
            self.truncated = truncated
        }
    }

    package enum Kind: Equatable, Sendable {
        case connection
        case processCreation
        case sysmonConnection
        case sysmonProcessCreation
        case sysmonDNSQuery
        case processTermination
        case sysmonProcessTermination
    }

    package var options: DecoderOptions

    package init(options: DecoderOptions) {
        self.options = options
    }

    /// Windows ids that may name an analysed event (Sysmon ids only on a Sysmon channel).
    package static func mayBeAnalysed(eventID: UInt32) -> Bool {
        [5156, 5157, 4688, 4689, 1, 3, 5, 22].contains(eventID)
    }

    package func normalize(_ fields: EventFields, format: PayloadFormat, envelope: Envelope) -> DecodeOutcome {
        var syslogHostname = envelope.syslogHostname ?? ""
        return syslogHostname.withUTF8 {
            normalize(fields, format: format, envelope: envelope, syslogHostname: UnsafeRawBufferPointer($0))
        }
    }

    /// `normalize` with the syslog hostname as the frame's bytes (the envelope's is not read; empty
    /// when the header had none): a string is made of it only when the event keeps it, as its
    /// host or its relay.
    package func normalize(
        _ fields: EventFields, format: PayloadFormat, envelope: Envelope, syslogHostname: UnsafeRawBufferPointer
    ) -> DecodeOutcome {
        do throws(DecodeFailure) {
            let eventID = try WindowsFieldValues.eventID(fields)
            guard let kind = WindowsEventNormalizer.kind(eventID: eventID, fields: fields) else {
                return .skipped(.eventNotAnalysed(eventID))
            }

            let detail = try WindowsEventNormalizer.detail(kind, eventID: eventID, fields: fields)
            let (time, timeSource) = try resolveTime(fields, envelope: envelope)
            let (host, relay) = WindowsEventNormalizer.hostAndRelay(
                computer: fields[.computer], syslogHostname: syslogHostname)

            return .event(
                NormalizedEvent(
                    eventID: eventID, format: format, host: host, relay: relay, time: time,
                    timeSource: timeSource, receivedAt: envelope.receivedAt, truncated: envelope.truncated,
                    detail: detail))
        } catch {
            return .failed(error)
        }
    }

    /// What an event id means here; Sysmon ids count only for Sysmon events, since 1, 3 and 22
    /// are ordinary ids in other channels.
    package static func kind(eventID: UInt32, fields: EventFields) -> Kind? {
        switch eventID {
        case 5156, 5157: return .connection
        case 4688: return .processCreation
        case 4689: return .processTermination
        case 1 where isSysmon(fields): return .sysmonProcessCreation
        case 3 where isSysmon(fields): return .sysmonConnection
        case 5 where isSysmon(fields): return .sysmonProcessTermination
        case 22 where isSysmon(fields): return .sysmonDNSQuery
        default: return nil
        }
    }

    /// The channel or provider names Sysmon; with neither given, Sysmon's own `UtcTime` and
    /// `Image` fields identify it.
    private static func isSysmon(_ fields: EventFields) -> Bool {
        let channel = fields[.channel]
        let provider = fields[.provider]
        if channel == nil && provider == nil {
            return fields[.utcTime] != nil && fields[.image] != nil
        }
        return WindowsFieldValues.containsSysmon(channel) || WindowsFieldValues.containsSysmon(provider)
    }

    // MARK: Time and host

    /// Event time fields in order of preference, and whether a zone-less value is local time
    /// (NXLog's EventTime) rather than UTC (Sysmon's UtcTime, collectors' `@timestamp`).
    private static let timeFields: [(FieldName, Bool)] = [
        (.eventTime, true), (.timeCreated, true), (.utcTime, false), (.collectorTime, false),
    ]

    /// The first time the event carries that reads as a date, else the syslog header's, else the
    /// receive time. A time that does not read (garbage, or a year a host with a broken clock
    /// wrote, outside 1700-2200) is passed over rather than costing the event; the event's
    /// `timeSource` then says where its time came from.
    private func resolveTime(
        _ fields: EventFields, envelope: Envelope
    ) throws(DecodeFailure) -> (Timestamp, EventTimeSource) {
        for (name, readsLocalTime) in WindowsEventNormalizer.timeFields {
            guard let text = fields[name] else { continue }
            let defaultOffset = readsLocalTime ? options.timeZoneOffsetSeconds : 0
            guard let parsed = WindowsFieldValues.dateTime(text, defaultOffsetSeconds: defaultOffset) else { continue }
            return (parsed.timestamp, readsLocalTime && !parsed.hadZone ? .eventAssumedZone : .event)
        }

        if let headerTime = envelope.headerTime { return (headerTime, .syslogHeader) }
        return (envelope.receivedAt, .receiver)
    }

    /// The event's computer is the host; the syslog hostname is a relay only when it names
    /// another machine (`ws042` and `WS042.example.test` are the same one).
    static func hostAndRelay(computer: String?, syslogHostname: String?) -> (String, String?) {
        let computer = computer.map(printable)
        let syslogHostname = syslogHostname.map(printable)
        guard let computer, !computer.isEmpty else { return (syslogHostname ?? "", nil) }
        guard let syslogHostname, !syslogHostname.isEmpty, syslogHostname != "-" else { return (computer, nil) }
        return (computer, sameMachine(computer, syslogHostname) ? nil : syslogHostname)
    }

    /// `hostAndRelay` for a syslog hostname still in the frame (empty when the header had none).
    /// Printable ASCII names on both sides are compared as bytes; anything else takes the
    /// string path.
    static func hostAndRelay(computer: String?, syslogHostname: UnsafeRawBufferPointer) -> (String, String?) {
        func viaStrings() -> (String, String?) {
            let text = syslogHostname.isEmpty ? nil : String(decoding: syslogHostname, as: UTF8.self)
            return hostAndRelay(computer: computer, syslogHostname: text)
        }
        guard var host = computer, !host.isEmpty, PlainText.isPrintableASCII(syslogHostname) else {
            return viaStrings()
        }
        let same = host.withUTF8 { bytes -> Bool? in
            let computerBytes = UnsafeRawBufferPointer(bytes)
            // Each side printable ASCII, so `printable` would return both as they are.
            guard PlainText.isPrintableASCII(computerBytes) else { return nil }
            if syslogHostname.isEmpty || (syslogHostname.count == 1 && syslogHostname[0] == UInt8(ascii: "-")) {
                return true
            }
            return sameMachineASCII(computerBytes, syslogHostname)
        }
        guard let same else { return viaStrings() }
        return (host, same ? nil : String(decoding: syslogHostname, as: UTF8.self))
    }

    /// The name with control characters replaced; a printable ASCII name is returned as it is.
    private static func printable(_ name: String) -> String {
        PlainText.isPrintableASCII(name) ? name : name.replacingControlCharacters
    }

    private static func sameMachine(_ first: String, _ second: String) -> Bool {
        var first = first
        var second = second
        let answer = first.withUTF8 { firstBytes in
            second.withUTF8 { secondBytes in
                sameMachineASCII(UnsafeRawBufferPointer(firstBytes), UnsafeRawBufferPointer(secondBytes))
            }
        }
        return answer ?? sameMachineUnicode(first, second)
    }

    /// `sameMachine` on bytes; nil when either name is not printable ASCII (Unicode case rules).
    private static func sameMachineASCII(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool? {
        guard PlainText.isPrintableASCII(first), PlainText.isPrintableASCII(second) else { return nil }
        if PlainText.equalIgnoringCase(first, second) { return true }
        let firstDot = first.firstIndex(of: UInt8(ascii: "."))
        let secondDot = second.firstIndex(of: UInt8(ascii: "."))
        // Only a bare name matches a qualified one; two different domains are two machines.
        guard firstDot == nil || secondDot == nil else { return false }
        let firstLabel = UnsafeRawBufferPointer(rebasing: first[..<(firstDot ?? first.count)])
        let secondLabel = UnsafeRawBufferPointer(rebasing: second[..<(secondDot ?? second.count)])
        return PlainText.equalIgnoringCase(firstLabel, secondLabel)
    }

    private static func sameMachineUnicode(_ first: String, _ second: String) -> Bool {
        let first = first.lowercased()
        let second = second.lowercased()
        if first == second { return true }
        let firstLabel = first.prefix { $0 != "." }
        let secondLabel = second.prefix { $0 != "." }
        // Only a bare name matches a qualified one; two different domains are two machines.
        let oneIsBare = firstLabel.count == first.count || secondLabel.count == second.count
        return oneIsBare && firstLabel == secondLabel
    }
}
