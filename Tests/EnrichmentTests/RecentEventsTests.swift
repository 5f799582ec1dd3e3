import EventDecoding
import Testing
import WFPCore

@testable import Enrichment

private typealias F = EnrichmentFixtures

private func remembered(_ pid: UInt32, at seconds: Int64) -> RecentEvent {
    RecentEvent(time: F.time(seconds), pid: pid, image: "app.exe", detail: .processEnd)
}

private func pids(_ ring: RecentEvents) -> [UInt32?] {
    ring.events.map(\.pid)
}

@Test func recentEvents_keepsNewestInArrivalOrder_whenOverCount() {
    var ring = RecentEvents(limits: .init(maximumEvents: 4, window: .seconds(900)))
    for pid in UInt32(1)...10 { ring.record(remembered(pid, at: Int64(pid))) }

    #expect(ring.count == 4)
    #expect(pids(ring) == [7, 8, 9, 10])
    #expect(ring.evictedCount == 6)
}

@Test func recentEvents_holdsAtMostDefaultCount_underLongStream() {
    var ring = RecentEvents()
    for index in 0..<1000 { ring.record(remembered(UInt32(index), at: Int64(index) / 10)) }

    #expect(ring.limits.maximumEvents == 256)
    #expect(ring.count == 256)
    #expect(pids(ring) == (744..<1000).map { UInt32($0) })
}

@Test func recentEvents_dropsEventsOlderThanWindow_beforeNewest() {
    var ring = RecentEvents(limits: .init(maximumEvents: 256, window: .seconds(900)))
    ring.record(remembered(1, at: 0))
    ring.record(remembered(2, at: 100))
    ring.record(remembered(3, at: 950))

    // 950 - 900 = 50: the event at 0 is out, the one at 100 still in.
    #expect(pids(ring) == [2, 3])
    ring.record(remembered(4, at: 1001))
    #expect(pids(ring) == [3, 4])
    #expect(ring.evictedCount == 2)
}

@Test func recentEvents_refusesEventAlreadyOutsideWindow_whenItArrivesLate() {
    var ring = RecentEvents(limits: .init(maximumEvents: 8, window: .seconds(60)))
    ring.record(remembered(1, at: 1000))
    ring.record(remembered(2, at: 930))
    ring.record(remembered(3, at: 950))

    #expect(pids(ring) == [1, 3])
    #expect(ring.newestTime == F.time(1000))
    #expect(ring.evictedCount == 1)
}

@Test func recentEvents_keepsOrder_whenGrowingAgainAfterWindowDrops() {
    var ring = RecentEvents(limits: .init(maximumEvents: 6, window: .seconds(10)))
    for pid in UInt32(1)...4 { ring.record(remembered(pid, at: Int64(pid))) }
    // At 13 the window keeps 3 and later: the head moves off index 0 with room left to grow.
    ring.record(remembered(5, at: 13))
    for pid in UInt32(6)...9 { ring.record(remembered(pid, at: 13)) }

    #expect(pids(ring) == [4, 5, 6, 7, 8, 9])
    var visited: [UInt32?] = []
    ring.forEach { visited.append($0.pid) }
    #expect(visited == pids(ring))
}

@Test func recentEvents_keepsNothing_whenCountLimitIsZero() {
    var ring = RecentEvents(limits: .init(maximumEvents: 0))
    ring.record(remembered(1, at: 0))
    #expect(ring.count == 0)
}

@Test func recentEvent_keepsFewAnswers_butCountsAll() {
    let answers = (1...20).map { "10.0.0.\($0)" }
    let event = RecentEvent(F.dnsQuery(pid: 7, name: "cdn.example.test", answers: answers, at: 5))

    guard case .dnsQuery(let name, let kept, let count) = event.detail else {
        Issue.record("not a DNS query: \(event.detail)")
        return
    }
    #expect(name == "cdn.example.test")
    #expect(kept.count == RecentEvent.maximumAnswers)
    #expect(count == 20)
    #expect(TimelineEntry(event).text == "cdn.example.test → 10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5, "
        + "10.0.0.6, 10.0.0.7, 10.0.0.8 (+12 more)")
}

@Test func hostContextTable_remembersRecentEventsPerHost_caseFolded() {
    var table = HostContextTable(configuration: .init(recentEvents: .init(maximumEvents: 2)))
    table.observe(F.connection(pid: 1, path: #"C:\a.exe"#, to: "10.0.0.1", at: 1))
    table.observe(F.connection(pid: 2, path: #"C:\b.exe"#, to: "10.0.0.1", at: 2, host: "OTHER"))
    table.observe(F.connection(pid: 3, path: #"C:\c.exe"#, to: "10.0.0.1", at: 3, host: F.host.uppercased()))
    table.observe(F.end(pid: 4, path: #"C:\d.exe"#, at: 4))

    #expect(table.recentEvents(host: F.host).map(\.pid) == [3, 4])
    #expect(table.recentEvents(host: "other").map(\.pid) == [2])
}
