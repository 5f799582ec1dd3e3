import Foundation
import Testing
import WFPCore
@testable import EventDecoding

private let azureFile = "otrf_log4shell_java_serialized_object_azure_la.jsonl"

/// Azure `SecurityEvent` 5156 rows keep EventData as XML; their lines are left out here.
private func needsEventDataXML(_ line: [UInt8]) -> Bool {
    let text = String(decoding: line, as: UTF8.self)
    return text.contains(#""EventID":5156"#) && text.contains(#""Type":"SecurityEvent""#)
}

@Test func azureExport_decodesRowsThatNeedNoXML() throws {
    let tally = OutcomeTally(try DecodingFixtures.realCaptureLines(azureFile)) { !needsEventDataXML($0) }
    #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
    #expect(tally.counts == [
        "4688 process_start": 2, "1 process_start": 2, "3 connection": 5, "22 dns_query": 2, "5158 skipped": 9,
    ])
}

@Test func azureExport_4688CreatorPIDIsHex() throws {
    let lines = try DecodingFixtures.realCaptureLines(azureFile)
    let starts = lines.compactMap { DecodingFixtures.event(DecodingFixtures.decode($0)) }.filter { $0.eventID == 4688 }
    let first = try #require(starts.first)
    guard case .processStart(let start) = first.detail else {
        Issue.record("expected a process start")
        return
    }
    #expect(first.format == .azureLogAnalytics)
    #expect(first.host == "WORKSTATION5")
    #expect(first.time == DecodingFixtures.time("2022-05-13T08:54:08.42Z"))
    #expect(start.process.pid == 0x824)
    #expect(start.process.image == "powershell.exe")
    #expect(start.parent?.pid == 3936)
    #expect(start.parent?.image == "tomcat9.exe")
    #expect(start.user == "LOCAL SERVICE")
}

@Test func azureExport_windowsEventRowsScanTheEventDataString() throws {
    let lines = try DecodingFixtures.realCaptureLines(azureFile)
    let events = lines.compactMap { DecodingFixtures.event(DecodingFixtures.decode($0)) }

    let inbound = try #require(events.first { $0.eventID == 3 }?.connection)
    #expect(inbound.process.pid == 3936)
    #expect(inbound.process.path == #"C:\ProgramData\chocolatey\lib\Tomcat\tools\apache-tomcat-9.0.62\bin\tomcat9.exe"#)
    #expect(inbound.direction == .inbound)
    #expect(inbound.protocolNumber == 6)
    #expect(inbound.destinationPort == 8080)

    let callback = events.compactMap(\.connection).first { $0.destinationPort == 1389 }
    #expect(callback?.direction == .outbound)
    #expect(callback?.destinationAddress == IPAddress("192.168.3.5"))

    let query = try #require(events.compactMap { event -> DNSQuery? in
        if case .dnsQuery(let query) = event.detail, query.queryName == "WORKSTATION5" { return query }
        return nil
    }.first)
    #expect(query.answers == [IPAddress("fe80::798a:6744:8c18:1b47")!, IPAddress("192.168.2.5")!])
    #expect(query.process.image == "tomcat9.exe")
}

/// SecurityEvent rows keep EventData as an XML string inside the JSON.
@Test func azureExport_securityEventXMLRows_decode() throws {
    let lines = try DecodingFixtures.realCaptureLines(azureFile)
    let tally = OutcomeTally(lines)
    #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
    #expect(tally.counts == [
        "5156 connection": 5, "4688 process_start": 2, "1 process_start": 2, "3 connection": 5, "22 dns_query": 2,
        "5158 skipped": 9,
    ])

    let exploit = lines.compactMap { DecodingFixtures.event(DecodingFixtures.decode($0)) }
        .first { $0.eventID == 5156 }?.connection
    #expect(exploit?.process.pid == 3936)
    #expect(exploit?.process.image == "tomcat9.exe")
    #expect(exploit?.direction == .inbound)
    #expect(exploit?.destinationPort == 8080)
}

// MARK: Winlogbeat / ECS

private let winlogbeatConnection = #"""
{"@timestamp":"2024-03-01T10:15:30.123Z","message":"The Windows Filtering Platform has permitted a connection.","host":{"name":"ws042"},"winlog":{"channel":"Security","computer_name":"WS042.example.test","event_id":"5156","provider_name":"Microsoft-Windows-Security-Auditing","process":{"pid":4,"thread":{"id":5120}},"record_id":77001,"event_data":{"ProcessID":"5320","Application":"\\device\\harddiskvolume3\\users\\ann\\appdata\\local\\temp\\updater.exe","Direction":"%%14593","SourceAddress":"10.1.2.3","SourcePort":"51515","DestAddress":"2001:DB8:0:0:0:0:0:7","DestPort":"443","Protocol":"6","LayerName":"%%14611"},"keywords":["Audit Success"]},"event":{"code":"5156","kind":"event"},"tags":["beats"]}
"""#

private let winlogbeatSysmonDNS = #"""
{"@timestamp":"2024-03-01T10:15:31Z","winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","computer_name":"ws042.example.test","event_id":22,"provider_name":"Microsoft-Windows-Sysmon","process":{"pid":2890},"event_data":{"UtcTime":"2024-03-01 10:15:29.500","ProcessId":"7788","Image":"C:\\Users\\ann\\AppData\\Local\\Temp\\updater.exe","QueryName":"cdn.example.test","QueryStatus":"0","QueryResults":"type:  5 edge.example.net;::ffff:198.51.100.20;198.51.100.21;"}}}
"""#

@Test func winlogbeat_decodesNestedEventData() throws {
    let event = try #require(DecodingFixtures.event(DecodingFixtures.decode(winlogbeatConnection)))
    let connection = try #require(event.connection)
    #expect(event.format == .ecsJSON)
    #expect(event.host == "WS042.example.test")
    #expect(event.time == DecodingFixtures.time("2024-03-01T10:15:30.123Z"))
    #expect(connection.process.pid == 5320)
    #expect(connection.process.path == #"\users\ann\appdata\local\temp\updater.exe"#)
    #expect(connection.process.image == "updater.exe")
    #expect(connection.destinationAddress.description == "2001:db8::7")
    #expect(connection.sourcePort == 51515)
    #expect(connection.direction == .outbound)
}

@Test func winlogbeat_sysmonDNSQueryListsAnswersAndAliases() throws {
    let event = try #require(DecodingFixtures.event(DecodingFixtures.decode(winlogbeatSysmonDNS)))
    guard case .dnsQuery(let query) = event.detail else {
        Issue.record("expected a DNS query, got \(event.detail)")
        return
    }
    #expect(event.time == DecodingFixtures.time("2024-03-01T10:15:29.5Z"))
    #expect(event.timeSource == .event)
    #expect(query.process.pid == 7788)
    #expect(query.queryName == "cdn.example.test")
    #expect(query.aliases == ["edge.example.net"])
    #expect(query.answers == [IPAddress("198.51.100.20")!, IPAddress("198.51.100.21")!])
}
