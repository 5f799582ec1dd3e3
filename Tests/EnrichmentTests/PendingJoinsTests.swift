import Testing

@testable import Enrichment

@Test func pendingJoins_countsConnectionsPerKey_andSettlesThemOnce() {
    var joins = PendingJoins()
    #expect(joins.add(.init(pid: 7, image: "tool.exe"), allowingNewKey: true) == .added)
    #expect(joins.add(.init(pid: 7, image: "tool.exe"), allowingNewKey: false) == .counted)
    #expect(joins.add(.init(pid: 7, image: "other.exe"), allowingNewKey: true) == .added)
    #expect(joins.add(.init(pid: 7, image: ""), allowingNewKey: true) == .added)
    #expect(joins.keyCount == 3)

    let settled = joins.remove(.init(pid: 7, image: "tool.exe"))
    #expect(settled.connections == 3, "two named connections and the unnamed one")
    #expect(settled.keys == 2)
    #expect(joins.remove(.init(pid: 7, image: "tool.exe")).connections == 0)
    #expect(joins.keyCount == 1)
}

@Test func pendingJoins_refusesNewKey_whenNotAllowed() {
    var joins = PendingJoins()
    #expect(joins.add(.init(pid: 1, image: "a.exe"), allowingNewKey: false) == .refused)
    #expect(joins.keyCount == 0)
}

@Test func pendingJoins_keepsEveryCount_throughGrowthAndRemovalsInProbeRuns() {
    var joins = PendingJoins()
    for pid in UInt32(1)...2_000 {
        for _ in 0..<Int(pid % 3) + 1 { _ = joins.add(.init(pid: pid, image: "p\(pid % 7).exe"), allowingNewKey: true) }
    }
    #expect(joins.keyCount == 2_000)

    for pid in UInt32(1)...2_000 where pid % 2 == 0 {
        #expect(joins.remove(.init(pid: pid, image: "p\(pid % 7).exe")).connections == Int(pid % 3) + 1)
    }
    #expect(joins.keyCount == 1_000)
    for pid in UInt32(1)...2_000 {
        let expected = pid % 2 == 0 ? 0 : Int(pid % 3) + 1
        #expect(joins.remove(.init(pid: pid, image: "p\(pid % 7).exe")).connections == expected)
    }
    #expect(joins.keyCount == 0)
}
