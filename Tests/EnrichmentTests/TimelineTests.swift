import EventDecoding
import Testing
import WFPCore

@testable import Enrichment

private typealias F = EnrichmentFixtures

private let explorer = #"C:\Windows\explorer.exe"#
private let word = #"C:\Program Files\Microsoft Office\WINWORD.EXE"#
private let powershell = #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#
private let browser = #"C:\Program Files\Browser\browser.exe"#

/// explorer (100) starts Word (200), Word starts powershell (300), which connects out; a
/// browser fetched from the same server earlier and an unrelated process talks elsewhere.
private func observedHost() -> HostContextTable {
    var table = HostContextTable()
    let events = [
        F.start(pid: 100, path: explorer, commandLine: "explorer.exe", at: 0),
        F.start(pid: 200, path: word, parentPID: 100, parentPath: explorer, commandLine: "winword doc.docm", at: 400),
        F.connection(pid: 400, path: browser, to: "203.0.113.9", port: 80, at: 410),
        F.connection(pid: 200, path: word, to: "198.51.100.1", at: 420),
        F.connection(pid: 500, path: #"C:\Windows\System32\svchost.exe"#, to: "192.0.2.53", port: 53, at: 425),
        F.start(pid: 300, path: powershell, parentPID: 200, parentPath: word, commandLine: "powershell -enc AAAA",
            at: 430),
        F.start(pid: 300, path: powershell, parentPID: 200, parentPath: word, commandLine: "powershell -enc AAAA",
            id: 1, at: 431),
        F.dnsQuery(pid: 300, name: "c2.example.test", answers: ["203.0.113.9"], at: 432),
        F.start(pid: 310, path: #"C:\Windows\System32\conhost.exe"#, parentPID: 300, parentPath: powershell,
            commandLine: "conhost 0xffffffff", at: 433),
    ]
    for event in events { table.observe(event) }
    return table
}

private let alertEvent = F.connection(pid: 300, path: powershell, to: "203.0.113.9", port: 8443, at: 440)

private func texts(_ timeline: Timeline) -> [String] {
    timeline.entries.map { "\($0.kind.rawValue) \($0.image) \($0.text)" }
}

@Test func timeline_showsChainParentConnectionsSameServerAndDNS_inTimeOrder() {
    var table = observedHost()
    let context = table.observe(alertEvent)
    let timeline = table.timeline(for: alertEvent, creation: context?.process)

    #expect(texts(timeline) == [
        "process_start explorer.exe explorer.exe",
        "process_start winword.exe winword doc.docm",
        "connection browser.exe → 203.0.113.9:80/tcp (allowed)",
        "connection winword.exe → 198.51.100.1:443/tcp (allowed)",
        "process_start powershell.exe powershell -enc AAAA",
        "dns_query app.exe c2.example.test → 203.0.113.9",
        "process_start conhost.exe conhost 0xffffffff",
    ])
    let times = timeline.entries.map(\.time)
    #expect(times == times.sorted())
    #expect(timeline.entries.first?.pid == 100)
}

@Test func timeline_leavesOutAlertsOwnEvent_andEventsAfterIt() {
    var table = observedHost()
    table.observe(alertEvent)
    table.observe(F.connection(pid: 400, path: browser, to: "203.0.113.9", port: 80, at: 441))
    let timeline = table.timeline(for: alertEvent)

    #expect(!timeline.entries.contains { $0.text.contains(":8443/") })
    #expect(!timeline.entries.contains { $0.time > alertEvent.time })
    #expect(timeline.entries.count == 7)
}

@Test func timeline_showsChainWhole_butOtherEventsOnlyWithinWindow() {
    var table = HostContextTable(configuration: .init(timeline: .init(window: .seconds(20))))
    for event in [
        F.start(pid: 100, path: explorer, commandLine: "explorer.exe", at: 0),
        F.start(pid: 200, path: word, parentPID: 100, parentPath: explorer, commandLine: "winword", at: 400),
        F.connection(pid: 200, path: word, to: "198.51.100.1", at: 410),
        F.connection(pid: 200, path: word, to: "198.51.100.2", at: 425),
    ] {
        table.observe(event)
    }
    let alert = F.connection(pid: 200, path: word, to: "203.0.113.9", at: 440)
    table.observe(alert)

    #expect(texts(table.timeline(for: alert)) == [
        "process_start explorer.exe explorer.exe",
        "process_start winword.exe winword",
        "connection winword.exe → 198.51.100.2:443/tcp (allowed)",
    ])
}

@Test func timeline_keepsEntriesNearestAlert_whenOverCount() {
    var table = HostContextTable(configuration: .init(timeline: .init(maximumEntries: 5)))
    table.observe(F.start(pid: 200, path: word, commandLine: "winword", at: 0))
    for second in Int64(1)...20 {
        table.observe(F.connection(pid: 200, path: word, to: "198.51.100.\(second)", at: second * 10))
    }
    let alert = F.connection(pid: 200, path: word, to: "203.0.113.9", at: 300)
    table.observe(alert)

    let timeline = table.timeline(for: alert)
    #expect(timeline.entries.count == 5)
    #expect(timeline.entries.first?.text == "winword")
    #expect(timeline.entries.last?.text == "→ 198.51.100.20:443/tcp (allowed)")
    #expect(timeline.entries[1].text == "→ 198.51.100.17:443/tcp (allowed)")
}

@Test func timeline_showsConnectionReportedTwice_once() {
    var table = HostContextTable()
    table.observe(F.connection(pid: 200, path: word, to: "198.51.100.1", at: 10))
    table.observe(F.connection(pid: 200, path: word, to: "198.51.100.1", at: 11))
    table.observe(F.connection(pid: 200, path: word, to: "198.51.100.1", at: 20))
    let alert = F.connection(pid: 200, path: word, to: "203.0.113.9", at: 30)
    table.observe(alert)

    #expect(table.timeline(for: alert).entries.map(\.time) == [F.time(10), F.time(20)])
}

@Test func timeline_ignoresEarlierHolderOfPID_beforeRecordedStart() {
    var table = HostContextTable()
    table.observe(F.connection(pid: 300, path: powershell, to: "198.51.100.1", at: 10))
    table.observe(F.start(pid: 300, path: powershell, commandLine: "powershell -enc BBBB", at: 100))
    let alert = F.connection(pid: 300, path: powershell, to: "203.0.113.9", at: 110)
    table.observe(alert)

    #expect(texts(table.timeline(for: alert)) == ["process_start powershell.exe powershell -enc BBBB"])
}

@Test func timeline_isEmpty_forUnknownHost() {
    #expect(HostContextTable().timeline(for: alertEvent).isEmpty)
}

@Test func timelineEntry_writesInboundAndUnknownDirections_andCutsLongText() {
    let address = IPAddress("192.0.2.7")!
    let local = IPAddress("10.1.1.10")!
    var endpoints = RecentEvent.Endpoints(
        sourceAddress: address, sourcePort: 51_000, destinationAddress: local, destinationPort: 445,
        protocolNumber: 6, direction: .inbound, outcome: .blocked)
    let inbound = RecentEvent(time: F.time(0), pid: 4, image: "system", detail: .connection(endpoints))
    #expect(TimelineEntry(inbound).text == "← 192.0.2.7:51000 to port 445/tcp (blocked)")

    endpoints.direction = .unknown
    let unknown = RecentEvent(time: F.time(0), pid: 4, image: "system", detail: .connection(endpoints))
    #expect(TimelineEntry(unknown).text == "192.0.2.7:51000 → 10.1.1.10:445/tcp (blocked)")

    let long = TimelineEntry(
        time: F.time(0), kind: .processStart, pid: 1, image: "a.exe", text: String(repeating: "x", count: 5000))
    #expect(long.text.utf8.count <= TimelineEntry.maximumTextBytes)
    #expect(long.text.hasSuffix("…"))
    let forged = TimelineEntry(time: F.time(0), kind: .processStart, pid: nil, image: "a.exe", text: "a\nb")
    #expect(!forged.line.contains("\n"))
    #expect(forged.line.hasSuffix("a?b"))
}
