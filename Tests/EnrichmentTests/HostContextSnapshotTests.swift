import EventDecoding
import Testing
import WFPCore
@testable import Enrichment

private typealias Fixture = EnrichmentFixtures
private let tool = #"C:\Users\bob\tool.exe"#
private let explorer = #"C:\Windows\explorer.exe"#

/// `table`'s snapshot through the section encoding and back.
private func encodedAndDecoded(_ table: HostContextTable) throws -> [HostContextTable.HostSnapshot] {
    var encoder = StateEncoder()
    HostContextTable.encode(table.snapshot(), into: &encoder)
    let bytes = encoder.bytes
    return try bytes.withUnsafeBytes { buffer in
        var decoder = StateDecoder(buffer)
        return try HostContextTable.decode(&decoder)
    }
}

/// A host that started tool.exe (ended later) and explorer.exe, and resolved c2.example.
private func rememberingTable() -> HostContextTable {
    var table = HostContextTable()
    table.observe(Fixture.start(pid: 9, path: explorer, at: 0))
    table.observe(
        Fixture.start(pid: 7, path: tool, parentPID: 9, parentPath: explorer, commandLine: "tool.exe -x", at: 1))
    table.observe(Fixture.end(pid: 7, path: tool, at: 500))
    table.observe(Fixture.dnsQuery(pid: 7, name: "c2.example", answers: ["203.0.113.7"], aliases: ["edge.cdn"], at: 2))
    return table
}

@Test func hostContextTable_restored_joinsConnectionsToProcessesAndNamesSeenBeforeTheRestart() throws {
    let saved = try encodedAndDecoded(rememberingTable())
    #expect(saved.count == 1)
    #expect(saved.first?.processes.map(\.pid) == [9, 7], "oldest inserted first")
    #expect(saved.first?.answers.first?.answer.canonicalName == "edge.cdn")

    var table = HostContextTable()
    #expect(table.restore(saved) { _ in true } == 1)
    let context = table.observe(Fixture.connection(pid: 7, path: tool, to: "203.0.113.7", at: 3))
    #expect(context?.process?.commandLine == "tool.exe -x")
    #expect(context?.process?.parentImage == "explorer.exe")
    #expect(context?.process?.endTime == Fixture.time(500))
    #expect(context?.remoteName == "c2.example")
    #expect(table.ancestry(of: context!.process!, host: Fixture.host).map(\.pid) == [9])

    var fresh = HostContextTable()
    #expect(fresh.observe(Fixture.connection(pid: 7, path: tool, to: "203.0.113.7", at: 3)) == ConnectionContext())
}

@Test func hostContextTable_restore_takesOnlyOwnedHosts_andKeepsLimits() throws {
    let saved = try encodedAndDecoded(rememberingTable())
    var none = HostContextTable()
    #expect(none.restore(saved) { _ in false } == 0)
    #expect(none.snapshot().isEmpty)

    var configuration = HostContextTable.Configuration()
    configuration.processes.maximumProcesses = 1
    var small = HostContextTable(configuration: configuration)
    small.restore(saved) { _ in true }
    #expect(small.snapshot().first?.processes.map(\.pid) == [7], "the oldest is evicted past the limit")
}

@Test func hostContextSection_refusesEveryTruncation() {
    var encoder = StateEncoder()
    HostContextTable.encode(rememberingTable().snapshot(), into: &encoder)
    let bytes = encoder.bytes
    for length in 0..<bytes.count {
        let failed = Array(bytes[..<length]).withUnsafeBytes { buffer in
            var decoder = StateDecoder(buffer)
            return (try? HostContextTable.decode(&decoder)) == nil
        }
        #expect(failed, "prefix of \(length) bytes accepted")
    }
}
