import Foundation
import Testing
import WFPCore

@testable import Alerting

private typealias F = AlertingFixtures

private func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-alerts-\(UUID().uuidString).jsonl").path
}

private func contents(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

@Test func jsonLinesSink_buffersUntilFlush_thenAppendsOneLinePerAlert() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let metrics = MetricsRegistry()
    let sink = try JSONLinesSink(path: path, metrics: metrics)

    sink.deliver(F.alert(event: F.event(atSecond: 0)))
    sink.deliver(F.alert(event: F.event(atSecond: 1)))
    #expect(try contents(path).isEmpty)
    #expect(metrics.total("wfpwatch_sink_deliveries_total") == 0)

    sink.flush()
    #expect(metrics.total("wfpwatch_sink_deliveries_total") == 2)
    let lines = try contents(path).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 3)
    #expect(lines[2].isEmpty)
    #expect(String(lines[0]) == AlertJSON.encode(F.alert(event: F.event(atSecond: 0))))
    #expect(String(lines[1]) == AlertJSON.encode(F.alert(event: F.event(atSecond: 1))))
    sink.close()
}

@Test func jsonLinesSink_createsFileWithMode0640_andAppendsToExisting() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }

    let first = try JSONLinesSink(path: path)
    first.deliver(F.alert())
    first.close()
    let second = try JSONLinesSink(path: path)
    second.deliver(F.alert())
    second.close()

    #expect(try contents(path).split(separator: "\n").count == 2)
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
}

@Test func jsonLinesSink_writesOut_whenBufferPassesThreshold() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let sink = try JSONLinesSink(path: path, flushThresholdBytes: 1)

    sink.deliver(F.alert())
    #expect(try contents(path).hasSuffix("}\n"))
    sink.close()
}

@Test func jsonLinesSink_throwsNamingPath_whenDirectoryMissing() {
    let path = "/nonexistent-wfpwatch-dir/alerts.jsonl"

    #expect(throws: JSONLinesSinkError.cannotOpen(path: path, reason: "No such file or directory")) {
        _ = try JSONLinesSink(path: path)
    }
}

@Test func jsonLinesSink_countsFailure_whenWriteFails() {
    let metrics = MetricsRegistry()
    let sink = JSONLinesSink(fileDescriptor: -1, metrics: metrics)

    sink.deliver(F.alert())
    sink.flush()
    #expect(metrics.counter("wfpwatch_sink_failures_total", ["sink": "jsonl"]).value == 1)
}

@Test func jsonLinesSink_reopenAfterRename_writesNewAlertsToAFreshFileAtThePath() throws {
    let path = temporaryPath()
    let rotated = path + ".1"
    defer {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: rotated)
    }
    let sink = try JSONLinesSink(path: path)
    defer { sink.close() }
    sink.deliver(F.alert(event: F.event(atSecond: 0)))
    sink.flush()

    try FileManager.default.moveItem(atPath: path, toPath: rotated)
    sink.deliver(F.alert(event: F.event(atSecond: 1)))
    sink.reopen()
    sink.deliver(F.alert(event: F.event(atSecond: 2)))
    sink.flush()

    let old = try contents(rotated).split(separator: "\n").map(String.init)
    #expect(old == [0, 1].map { AlertJSON.encode(F.alert(event: F.event(atSecond: Int64($0)))) })
    #expect(try contents(path) == AlertJSON.encode(F.alert(event: F.event(atSecond: 2))) + "\n")
}

@Test func jsonLinesSink_reopenWhenPathCannotBeOpened_keepsWritingToTheOldFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/alerts.jsonl"
    let metrics = MetricsRegistry()
    let sink = try JSONLinesSink(path: path, metrics: metrics)
    defer { sink.close() }

    try FileManager.default.moveItem(atPath: path, toPath: folder + "/kept.jsonl")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    sink.reopen()
    sink.deliver(F.alert(event: F.event(atSecond: 3)))
    sink.flush()

    #expect(try contents(folder + "/kept.jsonl") == AlertJSON.encode(F.alert(event: F.event(atSecond: 3))) + "\n")
    #expect(metrics.total("wfpwatch_sink_failures_total") == 1)
}
