import Testing
import WFPCore
import EventDecoding
@testable import Enrichment

private func query(pid: UInt32, name: String, answers: [String], aliases: [String] = []) -> DNSQuery {
    DNSQuery(
        process: ProcessRef(pid: pid, image: "app.exe", path: #"C:\app.exe"#), queryName: name,
        answers: answers.map { IPAddress($0)! }, aliases: aliases)
}

private func at(_ seconds: Int64) -> Timestamp { EnrichmentFixtures.time(seconds) }
private let address = IPAddress("203.0.113.7")!

@Test func dnsCache_prefersSameProcessQuery_thenAnyProcessOnHost() {
    var cache = DNSCache()
    cache.record(query(pid: 1, name: "one.example", answers: ["203.0.113.7"]), at: at(0))
    cache.record(query(pid: 2, name: "two.example", answers: ["203.0.113.7"]), at: at(5))

    #expect(cache.name(for: address, pid: 1, at: at(10)) == "one.example")
    #expect(cache.name(for: address, pid: 2, at: at(10)) == "two.example")
    #expect(cache.name(for: address, pid: 3, at: at(10)) == "two.example")
    #expect(cache.name(for: address, pid: nil, at: at(10)) == "two.example")
    #expect(cache.name(for: IPAddress("203.0.113.8")!, pid: 1, at: at(10)) == nil)
}

@Test func dnsCache_matchesMappedIPv4Answer_andKeepsCNAMEChainEnd() {
    var cache = DNSCache()
    cache.record(
        query(
            pid: 1, name: "www.example", answers: ["::ffff:203.0.113.7"],
            aliases: ["edge.cdn.example", "a1.cdn.example"]),
        at: at(0))

    let answer = cache.answer(for: address, pid: 1, at: at(1))
    #expect(answer?.queryName == "www.example")
    #expect(answer?.canonicalName == "a1.cdn.example")
}

@Test func dnsCache_forgetsAnswerAfterDefaultLifetime() {
    var cache = DNSCache(limits: .init(defaultLifetime: .seconds(600)))
    cache.record(query(pid: 1, name: "one.example", answers: ["203.0.113.7"]), at: at(0))
    #expect(cache.name(for: address, pid: 1, at: at(600)) == "one.example")
    #expect(cache.name(for: address, pid: 1, at: at(601)) == nil)
    // An answer logged within the clock slack after the connection still names it.
    #expect(cache.name(for: address, pid: 1, at: at(-2)) == "one.example")
    #expect(cache.name(for: address, pid: 1, at: at(-3)) == nil)
}

@Test func dnsCache_clampsLifetimeBetweenFloorAndCeiling() {
    let cache = DNSCache(limits: .init(minimumLifetime: .seconds(60), maximumLifetime: .seconds(86_400)))
    #expect(cache.lifetime(ttl: .seconds(5)) == .seconds(60))
    #expect(cache.lifetime(ttl: .seconds(300)) == .seconds(300))
    #expect(cache.lifetime(ttl: .seconds(7 * 86_400)) == .seconds(86_400))
    #expect(cache.lifetime() == .seconds(3600))

    var short = DNSCache(limits: .init(defaultLifetime: .seconds(1), minimumLifetime: .seconds(60)))
    short.record(query(pid: 1, name: "one.example", answers: ["203.0.113.7"]), at: at(0))
    #expect(short.name(for: address, pid: 1, at: at(60)) == "one.example")
    #expect(short.name(for: address, pid: 1, at: at(61)) == nil)
}

@Test func dnsCache_renewsRepeatedQuery_withoutGrowing() {
    var cache = DNSCache(limits: .init(defaultLifetime: .seconds(600)))
    for minute in Int64(0)..<10 {
        cache.record(query(pid: 1, name: "one.example", answers: ["203.0.113.7"]), at: at(minute * 60))
    }
    #expect(cache.count == 1)
    #expect(cache.name(for: address, pid: 1, at: at(540 + 600)) == "one.example")
}

@Test func dnsCache_evictsOldestBeyondLimit_andCountsEvictions() {
    var cache = DNSCache(limits: .init(maximumEntries: 4))
    for index in 1...6 {
        let answer = query(pid: 1, name: "host\(index).example", answers: ["198.51.100.\(index)"])
        cache.record(answer, at: at(Int64(index)))
    }
    #expect(cache.count == 4)
    #expect(cache.evictedCount == 2)
    #expect(cache.name(for: IPAddress("198.51.100.1")!, pid: 1, at: at(10)) == nil)
    #expect(cache.name(for: IPAddress("198.51.100.6")!, pid: 1, at: at(10)) == "host6.example")
}

@Test func dnsCache_staysBounded_underManyRenewals() {
    var cache = DNSCache(limits: .init(maximumEntries: 2))
    for round in Int64(0)..<1000 {
        cache.record(query(pid: 1, name: "a.example", answers: ["198.51.100.1"]), at: at(round))
        cache.record(query(pid: 1, name: "b.example", answers: ["198.51.100.2"]), at: at(round))
    }
    cache.record(query(pid: 1, name: "c.example", answers: ["198.51.100.3"]), at: at(1000))
    #expect(cache.count == 2)
    #expect(cache.evictedCount == 1)
    #expect(cache.name(for: IPAddress("198.51.100.1")!, pid: 1, at: at(1000)) == nil)
    #expect(cache.name(for: IPAddress("198.51.100.2")!, pid: 1, at: at(1000)) == "b.example")
}
