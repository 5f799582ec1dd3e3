import Testing
import WFPCore
@testable import EventDecoding

private func fields(_ values: [FieldName: String]) -> EventFields {
    var fields = EventFields()
    for (name, value) in values { fields[name] = value }
    return fields
}

private func normalize(_ values: [FieldName: String], hostname: String? = nil, offset: Int = 0) -> DecodeOutcome {
    WindowsEventNormalizer(options: DecoderOptions(timeZoneOffsetSeconds: offset)).normalize(
        fields(values), format: .flatJSON,
        envelope: .init(
            syslogHostname: hostname, headerTime: nil, receivedAt: DecodingFixtures.receivedAt, truncated: false))
}

private let connection5156: [FieldName: String] = [
    .eventID: "5156", .computer: "WS1", .processID: "6008", .direction: "%%14593", .sourceAddress: "172.18.39.5",
    .sourcePort: "63732", .destinationAddress: "10.10.10.5", .destinationPort: "80", .protocolNumber: "6",
    .application: #"\device\harddiskvolume2\windows\system32\windowspowershell\v1.0\powershell.exe"#,
]

@Test func normalizer_failsOnMissingDestinationAddress() {
    var values = connection5156
    values[.destinationAddress] = nil
    #expect(DecodingFixtures.failure(normalize(values)) == DecodeFailure(.missingField, "DestAddress"))
}

@Test func normalizer_namesInvalidValues() {
    var values = connection5156
    values[.destinationAddress] = "10.0.0.256"
    #expect(DecodingFixtures.failure(normalize(values))?.reason == .invalidAddress)
    values = connection5156
    values[.destinationPort] = "65536"
    #expect(DecodingFixtures.failure(normalize(values))?.reason == .invalidNumber)
    values = connection5156
    values[.processID] = "0xZZ"
    #expect(DecodingFixtures.failure(normalize(values))?.detail.hasPrefix("ProcessID") == true)
}

@Test func normalizer_keepsEvent_whenItsTimeDoesNotRead_fallingBackToReceipt() {
    for bad in ["yesterday", "2261-01-01 00:00:00"] {
        var values = connection5156
        values[.eventTime] = bad
        let event = DecodingFixtures.event(normalize(values))
        #expect(event?.timeSource == .receiver, "\(bad)")
        #expect(event?.time == event?.receivedAt)
    }
}

@Test func normalizer_skipsEventsItDoesNotAnalyse() {
    guard case .skipped(.eventNotAnalysed(5158)) = normalize([.eventID: "5158"]) else {
        Issue.record("5158 must be skipped")
        return
    }
    // Sysmon ids in another channel are other events.
    guard case .skipped(.eventNotAnalysed(3)) = normalize([.eventID: "3", .channel: "System"]) else {
        Issue.record("id 3 outside Sysmon must be skipped")
        return
    }
}

@Test func normalizer_readsDirectionsProtocolsAndPIDs() {
    let cases: [([FieldName: String], Direction, UInt8, UInt32?)] = [
        ([.direction: "Outbound", .protocolNumber: "tcp", .processID: "0x1770"], .outbound, 6, 6000),
        ([.direction: "%%14592", .protocolNumber: "UDP", .processID: "4"], .inbound, 17, 4),
        ([.direction: "Inbound", .protocolNumber: "ipv6-icmp", .processID: "-"], .inbound, 58, nil),
        ([.direction: "%%99999", .protocolNumber: "1", .processID: "0X10"], .unknown, 1, 16),
    ]
    for (overrides, direction, protocolNumber, pid) in cases {
        let values = connection5156.merging(overrides) { $1 }
        let connection = DecodingFixtures.event(normalize(values))?.connection
        #expect(connection?.direction == direction)
        #expect(connection?.protocolNumber == protocolNumber)
        #expect(connection?.process.pid == pid)
    }
}

@Test func normalizer_5157IsBlocked_sysmonInitiatedIsOutbound() {
    let blocked = DecodingFixtures.event(normalize(connection5156.merging([.eventID: "5157"]) { $1 }))
    #expect(blocked?.connection?.outcome == .blocked)

    let sysmon: [FieldName: String] = [
        .eventID: "3", .provider: "Microsoft-Windows-Sysmon", .image: #"C:\Windows\notepad.exe"#, .processID: "2576",
        .initiated: "true", .protocolNumber: "tcp", .sourceAddress: "172.18.39.5", .sourcePort: "50000",
        .destinationAddress: "10.10.10.5", .destinationPort: "80", .utcTime: "2020-08-07 18:32:45.123",
    ]
    let event = DecodingFixtures.event(normalize(sysmon, offset: -4 * 3600))
    #expect(event?.connection?.direction == .outbound)
    #expect(event?.connection?.process == ProcessRef(pid: 2576, image: "notepad.exe", path: #"C:\Windows\notepad.exe"#))
    #expect(event?.time == DecodingFixtures.time("2020-08-07T18:32:45.123Z"))
    #expect(event?.timeSource == .event)
}

@Test func normalizer_stripsDevicePrefixesFromPaths() {
    let cases: [(String, String, String)] = [
        (#"\device\harddiskvolume2\windows\system32\svchost.exe"#, #"\windows\system32\svchost.exe"#, "svchost.exe"),
        (#"\Device\HarddiskVolume10\Tools\NC.EXE"#, #"\Tools\NC.EXE"#, "nc.exe"),
        (#"C:\Users\ann\Downloads\x.exe"#, #"C:\Users\ann\Downloads\x.exe"#, "x.exe"),
        (#"\??\C:\Windows\system32\conhost.exe"#, #"C:\Windows\system32\conhost.exe"#, "conhost.exe"),
        ("System", "System", "system"),
    ]
    for (raw, path, image) in cases {
        let process = WindowsFieldValues.process(path: raw, pid: nil)
        #expect(process.path == path)
        #expect(process.image == image)
    }
}

@Test func normalizer_4688UsesCreatorAndSubjectOrTargetUser() throws {
    let values: [FieldName: String] = [
        .eventID: "4688", .newProcessID: "0x824", .newProcessName: #"C:\Windows\System32\cmd.exe"#,
        .processID: "0xf60", .parentProcessName: #"C:\tomcat\bin\tomcat9.exe"#, .user: "-", .targetUser: "svc_web",
        .timeCreated: "2022-05-13T08:54:08.42Z",
    ]
    let event = try #require(DecodingFixtures.event(normalize(values)))
    guard case .processStart(let start) = event.detail else {
        Issue.record("expected a process start")
        return
    }
    #expect(start.process.pid == 2084)
    #expect(start.parent == ProcessRef(pid: 3936, image: "tomcat9.exe", path: #"C:\tomcat\bin\tomcat9.exe"#))
    #expect(start.user == "svc_web")
    #expect(start.commandLine == nil)
}

@Test func normalizer_parsesQueryResults() {
    let (answers, aliases) = WindowsFieldValues.queryResults(
        "type:  5 alias.example;::ffff:10.0.0.1;10.0.0.2;type:  28 ignored.example;fe80::1;-;")
    #expect(answers == [IPAddress("10.0.0.1")!, IPAddress("10.0.0.2")!, IPAddress("fe80::1")!])
    #expect(aliases == ["alias.example"])
    #expect(WindowsFieldValues.queryResults("-").answers.isEmpty)
}

@Test func normalizer_keepsRelayOnlyWhenItIsAnotherMachine() {
    #expect(WindowsEventNormalizer.hostAndRelay(computer: "ws042.example.test", syslogHostname: "wec01.example.test")
        == ("ws042.example.test", "wec01.example.test"))
    #expect(
        WindowsEventNormalizer.hostAndRelay(computer: "WS042", syslogHostname: "ws042.example.test") == ("WS042", nil))
    #expect(WindowsEventNormalizer.hostAndRelay(computer: "ws042.a.test", syslogHostname: "ws042.b.test")
        == ("ws042.a.test", "ws042.b.test"))
    #expect(WindowsEventNormalizer.hostAndRelay(computer: nil, syslogHostname: "win01") == ("win01", nil))
}

@Test func normalizer_replacesControlCharactersInProcessPaths() {
    let process = WindowsFieldValues.process(path: "C:\\Temp\\notepad.exe\n\u{1B}[2J\u{202E}", pid: 1)
    #expect(process.image == "notepad.exe??[2j?")
    #expect(!process.path.contains("\n"))
}

@Test func normalizer_replacesControlCharactersInMachineNames() {
    let (host, relay) = WindowsEventNormalizer.hostAndRelay(
        computer: "WS042\nWFPWATCH_RULE=none\u{1B}[31m", syslogHostname: "wec\u{0}01")
    #expect(host == "WS042?WFPWATCH_RULE=none?[31m")
    #expect(relay == "wec?01")
}

@Test func normalizer_readsZonelessEventTimeInConfiguredZone() {
    let times: [FieldName: String] = [.eventTime: "2020-08-07 14:32:07", .collectorTime: "2020-08-07T18:32:09Z"]
    let values = connection5156.merging(times) { $1 }
    let event = DecodingFixtures.event(normalize(values, offset: -4 * 3600))
    #expect(event?.time == DecodingFixtures.time("2020-08-07T18:32:07Z"))
    #expect(event?.timeSource == .eventAssumedZone)

    let zoned = connection5156.merging([.eventTime: "2020-08-07T14:32:07-04:00"]) { $1 }
    #expect(DecodingFixtures.event(normalize(zoned))?.timeSource == .event)
}

@Test func normalizer_lowersNonASCIIImagesAndHostsByUnicodeRules() {
    let process = WindowsFieldValues.process(path: #"\Device\HarddiskVolume3\Users\Åsa\ÖVERSIKT.EXE"#, pid: 7)
    #expect(process.path == #"\Users\Åsa\ÖVERSIKT.EXE"#)
    #expect(process.image == "översikt.exe")
    #expect(
        WindowsEventNormalizer.hostAndRelay(computer: "ÅS-PC", syslogHostname: "ås-pc.example.test") == ("ÅS-PC", nil))
    #expect(WindowsEventNormalizer.hostAndRelay(computer: "ÅS-PC", syslogHostname: "ÄS-PC") == ("ÅS-PC", "ÄS-PC"))
}

@Test func normalizer_readsDirectionWordsInAnyCase() {
    #expect(WindowsFieldValues.direction("OUTBOUND") == .outbound)
    #expect(WindowsFieldValues.direction("%%14592") == .inbound)
    #expect(WindowsFieldValues.direction("outbound ") == .unknown)
    #expect(WindowsFieldValues.initiatedDirection("True") == .outbound)
    #expect(WindowsFieldValues.initiatedDirection("0") == .inbound)
    #expect(WindowsFieldValues.initiatedDirection(nil) == .unknown)
}

@Test func windowsFieldValues_decimal_readsDigitsUpToTheMaximumOnly() {
    #expect(WindowsFieldValues.decimal("0", maximum: 10) == 0)
    #expect(WindowsFieldValues.decimal("65535", maximum: 65535) == 65535)
    #expect(WindowsFieldValues.decimal("65536", maximum: 65535) == nil)
    #expect(WindowsFieldValues.decimal("", maximum: 10) == nil)
    #expect(WindowsFieldValues.decimal("12a", maximum: 1000) == nil)
    #expect(WindowsFieldValues.decimal("-1", maximum: 10) == nil)
    #expect(WindowsFieldValues.decimal(String(repeating: "0", count: 21), maximum: .max) == nil)
    // A string built at run time (not a literal) reads the same.
    let built = String(repeating: "4", count: 3) + String(7)
    #expect(WindowsFieldValues.decimal(built, maximum: 100_000) == 4447)
}
