import Foundation
import Testing
import WFPCore

@testable import Alerting

struct OutboxTests {
    private let folder: String = {
        let path = NSTemporaryDirectory() + "outbox-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private var path: String { folder + "/outbox.jsonl" }

    static func entries(_ count: Int, from start: Int = 0) -> [OutboxEntry] {
        (start..<start + count).map {
            OutboxEntry(AlertingFixtures.alert(event: AlertingFixtures.event(atSecond: Int64($0))))
        }
    }

    private func fileText() -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    @Test func outbox_reopened_recoversPendingEntriesInOrder() throws {
        let written = Self.entries(3)
        let first = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"])
        #expect(first.append(written) == written)
        first.close()

        let reopened = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"])
        #expect(reopened.recovered == written)
        #expect(reopened.recovered.map(\.id) == written.map(\.id))
    }

    @Test func outbox_removesEntryOnlyOnceEverySinkAcknowledged() throws {
        let written = Self.entries(2)
        let outbox = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a", "b"])
        _ = outbox.append(written)

        outbox.acknowledge(written.map(\.id), sink: "a")
        #expect(outbox.pendingEntries() == written)
        #expect(fileText().contains(written[0].id))

        outbox.acknowledge([written[0].id], sink: "b")
        #expect(outbox.pendingEntries() == [written[1]])
        outbox.acknowledge([written[1].id], sink: "b")
        #expect(outbox.pendingEntries().isEmpty)
        #expect(fileText().isEmpty, "compacted once all were acknowledged")
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    @Test func outbox_ignoresAnEntryAlreadyPending() throws {
        let outbox = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"])
        let entry = Self.entries(1)
        _ = outbox.append(entry)
        #expect(outbox.append(entry).isEmpty)
        #expect(fileText().components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1)
    }

    @Test func outbox_setsAsideCorruptAndTornLines_andKeepsTheRest() throws {
        let good = Self.entries(2)
        let text = good[0].json + "\nnot json at all\n" + good[1].json + "\n{\"schema\":1,\"alert_id\":\"abc"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let metrics = MetricsRegistry()

        let outbox = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"], metrics: metrics)
        #expect(outbox.recovered == good)
        #expect(metrics.counter("wfpwatch_outbox_corrupt_lines_total").value == 2)
        let setAside = try String(contentsOfFile: path + ".corrupt", encoding: .utf8)
        #expect(setAside.contains("not json at all"))
        #expect(setAside.contains("\"alert_id\":\"abc"))
        #expect(!fileText().contains("not json"))
    }

    @Test func outbox_whenFull_keepingOldest_dropsTheNewAlertAndCountsIt() throws {
        let written = Self.entries(3)
        let room = written[0].fileBytes + written[1].fileBytes + 10
        let metrics = MetricsRegistry()
        let configuration = OutboxConfiguration(path: path, maximumBytes: room, keep: .oldest)
        let outbox = try Outbox(configuration: configuration, sinkNames: ["a"], metrics: metrics)

        #expect(outbox.append(written) == Array(written.prefix(2)))
        #expect(outbox.pendingEntries() == Array(written.prefix(2)))
        #expect(metrics.counter("wfpwatch_outbox_dropped_total").value == 1)
        #expect(outbox.fileBytes <= room)
    }

    @Test func outbox_whenFull_keepingNewest_evictsTheOldestAndCountsIt() throws {
        let written = Self.entries(3)
        let room = written[0].fileBytes + written[1].fileBytes + 10
        let metrics = MetricsRegistry()
        let configuration = OutboxConfiguration(path: path, maximumBytes: room, keep: .newest)
        let outbox = try Outbox(configuration: configuration, sinkNames: ["a"], metrics: metrics)

        for entry in written { _ = outbox.append([entry]) }
        #expect(outbox.pendingEntries() == Array(written.suffix(2)))
        #expect(metrics.counter("wfpwatch_outbox_dropped_total").value == 1)
        #expect(outbox.fileBytes <= room)
        #expect(!fileText().contains(written[0].id))
    }

    @Test func outbox_whenFull_keepingNewest_evictsWithinOneAppendedBatch() throws {
        let written = Self.entries(3)
        let room = written[0].fileBytes + written[1].fileBytes + 10
        let configuration = OutboxConfiguration(path: path, maximumBytes: room, keep: .newest)
        let outbox = try Outbox(configuration: configuration, sinkNames: ["a"])

        #expect(outbox.append(written) == written)
        #expect(outbox.pendingEntries() == Array(written.suffix(2)))
        let reopened = try Outbox(configuration: configuration, sinkNames: ["a"])
        #expect(reopened.recovered == Array(written.suffix(2)))
    }

    @Test func outbox_whenFull_reclaimsAcknowledgedBytesBeforeDropping() throws {
        let written = Self.entries(3)
        let room = written[0].fileBytes + written[1].fileBytes + 10
        let metrics = MetricsRegistry()
        let configuration = OutboxConfiguration(path: path, maximumBytes: room, keep: .oldest)
        let outbox = try Outbox(configuration: configuration, sinkNames: ["a"], metrics: metrics)

        _ = outbox.append(Array(written.prefix(2)))
        outbox.acknowledge([written[0].id], sink: "a")
        #expect(outbox.append([written[2]]) == [written[2]])
        #expect(metrics.counter("wfpwatch_outbox_dropped_total").value == 0)
        #expect(outbox.pendingEntries() == Array(written.suffix(2)))
    }

    @Test func outbox_reopenedWithPendingEntries_publishesItsGaugesAtOnce() throws {
        let written = Self.entries(2)
        let first = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"])
        _ = first.append(written)
        first.close()

        let metrics = MetricsRegistry()
        let reopened = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"], metrics: metrics)
        #expect(reopened.recovered.count == 2)
        #expect(metrics.gauge("wfpwatch_outbox_entries").value == 2)
        #expect(metrics.gauge("wfpwatch_outbox_bytes").value == written.reduce(0) { $0 + $1.fileBytes })
        #expect(metrics.gauge("wfpwatch_outbox_oldest_age_seconds").value > 0)
    }

    @Test func outboxEntry_readBackFromItsLine_equalsTheOriginal() {
        let entry = Self.entries(1)[0]
        #expect(OutboxEntry(line: entry.json) == entry)
        #expect(OutboxEntry(line: "{\"rule\":\"x\"}") == nil)
    }
}
