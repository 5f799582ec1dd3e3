import Testing
import WFPCore
import EventDecoding
@testable import Enrichment

private typealias Fixture = EnrichmentFixtures
private let tool = #"C:\Users\bob\tool.exe"#
private let explorer = #"C:\Windows\explorer.exe"#

@Test func hostContextTable_joinsConnectionToProcessAndDNSNameOfItsHost() {
    var table = HostContextTable()
    table.observe(
        Fixture.start(pid: 7, path: tool, parentPID: 3, parentPath: explorer, commandLine: "tool.exe -x", at: 0))
    table.observe(Fixture.dnsQuery(pid: 7, name: "c2.example", answers: ["203.0.113.7"], at: 1))

    let context = table.observe(Fixture.connection(pid: 7, path: #"\users\bob\tool.exe"#, to: "203.0.113.7", at: 2))
    #expect(context?.process?.commandLine == "tool.exe -x")
    #expect(context?.process?.parentImage == "explorer.exe")
    #expect(context?.process?.parentPID == 3)
    #expect(context?.process?.user == "alice")
    #expect(context?.hasProcessCreation == true)
    #expect(context?.remoteName == "c2.example")
    #expect(table.name(for: IPAddress("203.0.113.7")!, host: Fixture.host, pid: 7, at: Fixture.time(2)) == "c2.example")

    let elsewhere = table.observe(Fixture.connection(pid: 7, path: tool, to: "203.0.113.7", at: 2, host: "ws043"))
    #expect(elsewhere == ConnectionContext())
    #expect(table.observe(Fixture.dnsQuery(pid: 7, name: "x.example", answers: ["203.0.113.8"], at: 3)) == nil)
}

@Test func hostContextTable_comparesHostNamesWithoutCase() {
    var table = HostContextTable()
    table.observe(Fixture.start(pid: 7, path: tool, at: 0, host: "WS042.EXAMPLE.TEST"))
    let connection = Fixture.connection(pid: 7, path: tool, to: "203.0.113.7", at: 1, host: "ws042.example.test")
    let context = table.observe(connection)
    #expect(context?.process?.image == "tool.exe")
}

@Test func hostContextTable_countsJoinedAndLaterJoinableConnections() {
    var table = HostContextTable()
    table.observe(Fixture.start(pid: 7, path: tool, at: 0))
    table.observe(Fixture.connection(pid: 7, path: tool, to: "203.0.113.7", at: 1))
    // Creation logged after its connections: joinable, not joined.
    table.observe(Fixture.connection(pid: 9, path: tool, to: "203.0.113.7", at: 2))
    table.observe(Fixture.connection(pid: 9, path: tool, to: "203.0.113.7", at: 3))
    table.observe(Fixture.start(pid: 9, path: tool, at: 10))
    // Never created in the stream, or created with another image.
    table.observe(Fixture.connection(pid: 11, path: tool, to: "203.0.113.7", at: 4))
    table.observe(Fixture.start(pid: 11, path: explorer, at: 12))

    let statistics = table.statistics
    #expect(statistics.connectionsSeen == 4)
    #expect(statistics.connectionsJoined == 1)
    #expect(statistics.connectionsJoinedLater == 2)
    #expect(statistics.connectionsJoinable == 3)
    #expect(statistics.joinShare == 1.0 / 3.0)
    #expect(statistics.summary == "connections 4, joined 1 of 3 joinable (33.3 %), named 0")
}

@Test func hostContextTable_contextForEvent_countsNothing() {
    var table = HostContextTable()
    table.observe(Fixture.start(pid: 7, path: tool, at: 0))
    let connection = Fixture.connection(pid: 7, path: tool, to: "203.0.113.7", at: 1)
    #expect(table.context(for: connection)?.process?.pid == 7)
    #expect(table.context(for: Fixture.start(pid: 8, path: tool, at: 1)) == nil)
    #expect(table.statistics.connectionsSeen == 0)
}

@Test func hostContextTable_forgetsOldestHostBeyondLimit() {
    var table = HostContextTable(configuration: .init(maximumHosts: 2))
    for host in ["a", "b", "c"] {
        table.observe(Fixture.start(pid: 7, path: tool, at: 0, host: host))
    }
    #expect(table.statistics.hostsEvicted == 1)
    #expect(table.process(pid: 7, host: "a", at: Fixture.time(1)) == nil)
    #expect(table.process(pid: 7, host: "c", at: Fixture.time(1)) != nil)
}

@Test func hostContextTable_countsEvictionsOfItsTables_andUntrackedConnections() {
    let configuration = HostContextTable.Configuration(
        processes: .init(maximumProcesses: 2), dns: .init(maximumEntries: 1), maximumPendingJoins: 1)
    var table = HostContextTable(configuration: configuration)
    for pid in UInt32(1)...3 {
        table.observe(Fixture.start(pid: pid, path: tool, at: Int64(pid)))
    }
    table.observe(Fixture.dnsQuery(pid: 1, name: "a.example", answers: ["203.0.113.1", "203.0.113.2"], at: 5))
    table.observe(Fixture.connection(pid: 20, path: tool, to: "203.0.113.7", at: 6))
    table.observe(Fixture.connection(pid: 21, path: tool, to: "203.0.113.7", at: 6))

    #expect(table.statistics.processesEvicted == 1)
    #expect(table.statistics.dnsAnswersEvicted == 1)
    #expect(table.statistics.connectionsNotTracked == 1)
}

@Test func hostContextTable_namesInboundConnectionBySource() {
    var table = HostContextTable()
    table.observe(Fixture.dnsQuery(pid: 7, name: "peer.example", answers: ["10.1.1.10"], at: 0))
    var event = Fixture.connection(pid: 7, path: tool, to: "203.0.113.7", at: 1)
    if case .connection(var connection) = event.detail {
        connection.direction = .inbound
        event.detail = .connection(connection)
    }
    #expect(table.observe(event)?.remoteName == "peer.example")
}

@Test func hostContextTable_countsJoinLater_afterItsHostWasForgottenAndSeenAgain() {
    var table = HostContextTable(configuration: .init(maximumHosts: 1))
    table.observe(Fixture.connection(pid: 7, path: tool, to: "203.0.113.7", at: 0, host: "a"))
    table.observe(Fixture.start(pid: 9, path: explorer, at: 1, host: "b"))
    #expect(table.statistics.hostsEvicted == 1)

    table.observe(Fixture.start(pid: 7, path: tool, at: 2, host: "a"))
    #expect(table.statistics.hostsEvicted == 2)
    #expect(table.statistics.connectionsJoinedLater == 1, "the pending join outlived its host's memory")
    #expect(table.snapshot().map(\.host) == ["a"])
}

@Test func hostContextTable_keepsPendingJoinLimitAcrossHosts_withoutRecentEvents() {
    let configuration = HostContextTable.Configuration(
        maximumPendingJoins: 2, recentEvents: .init(maximumEvents: 0))
    var table = HostContextTable(configuration: configuration)
    for (pid, host) in [(UInt32(7), "a"), (8, "b"), (9, "c"), (7, "a")] {
        table.observe(Fixture.connection(pid: pid, path: tool, to: "203.0.113.7", at: 0, host: host))
    }
    #expect(table.statistics.connectionsNotTracked == 1, "host c's connection found the memory full")
    #expect(table.snapshot().isEmpty, "a connection alone gives its host no memory")

    table.observe(Fixture.start(pid: 7, path: tool, at: 1, host: "A"))
    table.observe(Fixture.start(pid: 9, path: tool, at: 1, host: "c"))
    #expect(table.statistics.connectionsJoinedLater == 2)
    table.observe(Fixture.connection(pid: 10, path: tool, to: "203.0.113.7", at: 2, host: "c"))
    #expect(table.statistics.connectionsNotTracked == 1, "settling host a's key made room")
}
