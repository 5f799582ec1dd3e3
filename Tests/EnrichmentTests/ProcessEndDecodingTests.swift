import Testing
import WFPCore
import EventDecoding
@testable import Enrichment

/// Process ends as NXLog and Windows write them; the captures were cut to other event ids.
private let security4689JSON = #"""
    {"EventTime":"2020-07-21 23:28:30","Hostname":"WORKSTATION5.mordor.local","EventID":4689,"SourceName":"Microsoft-Windows-Security-Auditing","Channel":"Security","SubjectUserName":"pgustavo","SubjectDomainName":"MORDOR","Status":"0x0","ProcessId":"0x2374","ProcessName":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"}
    """#

private let sysmon5JSON = #"""
    {"EventTime":"2020-07-21 23:28:31","Hostname":"WORKSTATION5.mordor.local","EventID":5,"SourceName":"Microsoft-Windows-Sysmon","Channel":"Microsoft-Windows-Sysmon/Operational","UtcTime":"2020-07-22 03:28:31.120","ProcessGuid":"{39e4a257-b2a5-5f17-8a02-000000000500}","ProcessId":"9076","Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"}
    """#

private let security4689Text = """
    A process has exited. Subject: Security ID: S-1-5-21-1 Account Name: pgustavo Account Domain: MORDOR \
    Logon ID: 0x3E7 Process Information: Process ID: 0x2374 \
    Process Name: C:\\Windows\\System32\\notepad.exe Exit Status: 0x0
    """

@Test func processEnd_decodesSecurity4689_withHexPID() throws {
    let event = try #require(EnrichmentFixtures.decode(security4689JSON))
    guard case .processEnd(let end) = event.detail else {
        Issue.record("expected a process end, got \(event.detail)")
        return
    }
    #expect(event.kind == .processEnd)
    #expect(end.process.pid == 9076)
    #expect(end.process.image == "powershell.exe")
    #expect(end.user == "pgustavo")
}

@Test func processEnd_decodesSysmon5() throws {
    let event = try #require(EnrichmentFixtures.decode(sysmon5JSON))
    guard case .processEnd(let end) = event.detail else {
        Issue.record("expected a process end, got \(event.detail)")
        return
    }
    #expect(event.eventID == 5)
    #expect(end.process.pid == 9076)
    #expect(end.process.path == #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#)
}

@Test func processEnd_decodesRenderedSecurity4689() throws {
    let event = try #require(EnrichmentFixtures.decode(security4689Text))
    guard case .processEnd(let end) = event.detail else {
        Issue.record("expected a process end, got \(event.detail)")
        return
    }
    #expect(event.eventID == 4689)
    #expect(end.process.pid == 0x2374)
    #expect(end.process.image == "notepad.exe")
}

@Test func processEnd_fromDecodedEvents_stopsLaterJoins() throws {
    let start = try #require(EnrichmentFixtures.realCaptureEvents("otrf_empire_launcher_sct_regsvr32.jsonl").first {
        if case .processStart(let start) = $0.detail { return start.process.pid == 9076 }
        return false
    })
    var table = HostContextTable()
    table.observe(start)
    table.observe(try #require(EnrichmentFixtures.decode(security4689JSON)))

    #expect(table.statistics.processEnds == 1)
    #expect(table.statistics.processEndsUnmatched == 0)
    let record = table.process(pid: 9076, host: "WORKSTATION5.mordor.local", at: start.time)
    #expect(record?.endTime != nil)
    #expect(table.process(pid: 9076, host: "WORKSTATION5.mordor.local", at: record!.endTime! + .seconds(1)) == nil)
}
