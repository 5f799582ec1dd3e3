import Testing
import WFPCore
@testable import Enrichment

private func record(
    pid: UInt32, path: String, at seconds: Int64, parentPID: UInt32? = nil, parentImage: String? = nil,
    commandLine: String? = nil, user: String? = nil, sources: ProcessRecord.Sources = .security
) -> ProcessRecord {
    let image = String(path.split(separator: "\\").last ?? "").lowercased()
    return ProcessRecord(
        pid: pid, image: image, path: path, commandLine: commandLine, parentPID: parentPID, parentImage: parentImage,
        user: user, startTime: EnrichmentFixtures.time(seconds), sources: sources)
}

private let notepad = #"C:\Windows\System32\notepad.exe"#
private let calc = #"C:\Windows\System32\calc.exe"#
private func at(_ seconds: Int64) -> Timestamp { EnrichmentFixtures.time(seconds) }

@Test func processTable_joinsLatestStartBeforeConnection_whenPIDIsReused() {
    var table = ProcessTable()
    table.recordStart(record(pid: 100, path: notepad, at: 0))
    table.recordStart(record(pid: 100, path: calc, at: 60))

    #expect(table.process(pid: 100, image: "notepad.exe", at: at(30))?.image == "notepad.exe")
    #expect(table.process(pid: 100, image: "calc.exe", at: at(90))?.image == "calc.exe")
    // The PID belongs to calc.exe now: a notepad.exe connection is not joined to it.
    #expect(table.process(pid: 100, image: "notepad.exe", at: at(90)) == nil)
    #expect(table.process(pid: 100, at: at(-30)) == nil)
}

@Test func processTable_refusesJoin_afterProcessEnded() {
    var table = ProcessTable()
    table.recordStart(record(pid: 200, path: notepad, at: 0))
    let ended = table.recordEnd(pid: 200, image: "notepad.exe", path: notepad, at: at(10))
    #expect(ended)

    #expect(table.process(pid: 200, image: "notepad.exe", at: at(10)) != nil)
    #expect(table.process(pid: 200, image: "notepad.exe", at: at(11)) == nil)
    #expect(table.process(pid: 200, at: at(5))?.endTime == at(10))
}

@Test func processTable_keepsFirstEnd_whenSecondChannelReportsItAgain() {
    var table = ProcessTable()
    table.recordStart(record(pid: 201, path: notepad, at: 0))
    let first = table.recordEnd(pid: 201, image: "notepad.exe", path: "", at: at(10))
    let second = table.recordEnd(pid: 201, image: "notepad.exe", path: "", at: at(11))
    #expect(first && second)
    #expect(table.unmatchedEndCount == 0)
    #expect(table.process(pid: 201, at: at(5))?.endTime == at(10))

    let unknown = table.recordEnd(pid: 999, image: "calc.exe", path: "", at: at(10))
    #expect(!unknown)
    #expect(table.unmatchedEndCount == 1)
}

@Test func processTable_mergesSecurityAndSysmonRecordsOfOneStart() {
    var table = ProcessTable()
    let security = record(pid: 300, path: notepad, at: 1, parentPID: 42, user: "alice")
    let sysmon = record(
        pid: 300, path: #"C:\Windows\System32\notepad.exe"#, at: 0, parentPID: 42, parentImage: "explorer.exe",
        commandLine: "notepad.exe x.txt", user: #"CORP\alice"#, sources: .sysmon)

    let outcomes = [table.recordStart(security), table.recordStart(sysmon)]
    #expect(outcomes == [.added, .merged])
    #expect(table.count == 1)
    let merged = table.process(pid: 300, at: at(2))
    #expect(merged?.startTime == at(0))
    #expect(merged?.commandLine == "notepad.exe x.txt")
    #expect(merged?.parentImage == "explorer.exe")
    #expect(merged?.user == #"CORP\alice"#)
    #expect(merged?.sources == [.security, .sysmon])
}

@Test func processTable_matchesDevicePathToDrivePath_andRejectsOtherDirectory() {
    var table = ProcessTable()
    table.recordStart(record(pid: 400, path: #"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#, at: 0))

    let device = #"\windows\system32\windowspowershell\v1.0\powershell.exe"#
    #expect(table.process(pid: 400, image: "powershell.exe", path: device, at: at(5)) != nil)
    #expect(table.process(pid: 400, image: "POWERSHELL.EXE", path: "", at: at(5)) != nil)
    #expect(table.process(pid: 400, image: "powershell.exe", path: #"\users\bob\powershell.exe"#, at: at(5)) == nil)
}

@Test func processTable_joinsStartWithinClockSlackAfterConnection() {
    var table = ProcessTable(limits: .init(clockSlack: .seconds(2)))
    table.recordStart(record(pid: 500, path: notepad, at: 10))
    #expect(table.process(pid: 500, image: "notepad.exe", at: at(9)) != nil)
    #expect(table.process(pid: 500, image: "notepad.exe", at: at(7)) == nil)
}

@Test func processTable_evictsOldestBeyondLimit_andCountsEvictions() {
    var table = ProcessTable(limits: .init(maximumProcesses: 3))
    for pid in UInt32(1)...5 {
        table.recordStart(record(pid: pid, path: notepad, at: Int64(pid)))
    }
    #expect(table.count == 3)
    #expect(table.evictedCount == 2)
    #expect(table.process(pid: 1, at: at(10)) == nil)
    #expect(table.process(pid: 2, at: at(10)) == nil)
    #expect(table.process(pid: 3, at: at(10)) != nil)
    #expect(table.process(pid: 5, at: at(10)) != nil)
}

@Test func processTable_walksAncestry_nearestFirst() {
    var table = ProcessTable()
    table.recordStart(record(pid: 10, path: #"C:\Windows\explorer.exe"#, at: 0))
    table.recordStart(record(pid: 20, path: #"C:\Windows\System32\cmd.exe"#, at: 5, parentPID: 10))
    let child = record(pid: 30, path: notepad, at: 9, parentPID: 20, parentImage: "cmd.exe")
    table.recordStart(child)

    #expect(table.ancestry(of: child).map(\.image) == ["cmd.exe", "explorer.exe"])
}

@Test func processTable_stopsAncestry_atCycleAndDepthLimit() {
    var looped = ProcessTable()
    // Two records naming each other as parents, as reused PIDs can.
    let first = record(pid: 1, path: notepad, at: 0, parentPID: 2)
    looped.recordStart(first)
    looped.recordStart(record(pid: 2, path: calc, at: 0, parentPID: 1))
    #expect(looped.ancestry(of: first).map(\.pid) == [2])

    var deep = ProcessTable(limits: .init(maximumAncestryDepth: 3))
    for pid in UInt32(1)...10 {
        deep.recordStart(record(pid: pid, path: notepad, at: Int64(pid), parentPID: pid - 1))
    }
    let leaf = record(pid: 11, path: notepad, at: 20, parentPID: 10)
    #expect(deep.ancestry(of: leaf).map(\.pid) == [10, 9, 8])
}
