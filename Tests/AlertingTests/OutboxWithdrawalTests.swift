import Detection
import Foundation
import Testing
import WFPCore

@testable import Alerting

/// Alerts a reload's allowlist takes back from the outbox and the webhook queues, and the age
/// of the oldest pending entry.
struct OutboxWithdrawalTests {
    private let folder: String = {
        let path = NSTemporaryDirectory() + "outbox-withdrawal-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private var path: String { folder + "/outbox.jsonl" }

    private static func entry(image: String, second: Int64) -> OutboxEntry {
        OutboxEntry(AlertingFixtures.alert(event: AlertingFixtures.event(image: image, atSecond: second)))
    }

    private static func withdrawal(images: [String]) -> AlertWithdrawal {
        var configuration = AllowlistConfiguration()
        configuration.includeDefaults = false
        configuration.entries = images.map { AllowlistConfiguration.Entry(image: $0) }
        return AlertWithdrawal(allowlist: Allowlist(configuration: configuration))
    }

    @Test func outboxEntry_readBack_keepsItsTargetAndReceiptTime() throws {
        let written = Self.entry(image: "beacon.exe", second: 3)
        let read = try #require(OutboxEntry(line: written.json))
        #expect(read.target == AlertTarget(image: "beacon.exe", destination: IPAddress(ipv4: 0x0A0A_0A05), port: 80))
        #expect(read.raisedAt == AlertingFixtures.event(atSecond: 3).receivedAt)
        #expect(read == written)
    }

    @Test func outbox_remove_dropsCoveredEntriesFromTheFile_andCountsThemByReason() throws {
        let metrics = MetricsRegistry()
        let entries = [
            Self.entry(image: "beacon.exe", second: 1), Self.entry(image: "other.exe", second: 2),
            Self.entry(image: "beacon.exe", second: 3),
        ]
        let outbox = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"], metrics: metrics)
        _ = outbox.append(entries)

        let removed = outbox.remove(where: Self.withdrawal(images: ["beacon.exe"]).covers, reason: "allowlisted")
        #expect(removed == [entries[0].id, entries[2].id])
        #expect(outbox.pendingEntries() == [entries[1]])
        #expect(metrics.total("wfpwatch_outbox_removed_total") == 2)
        #expect(metrics.counterValues().contains { $0.0.labels.map(\.value) == ["allowlisted"] && $0.1 == 2 })
        outbox.close()

        let reopened = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"])
        #expect(reopened.recovered.map(\.id) == [entries[1].id])
    }

    @Test func outboxSink_withdraw_removesFromOutboxAndWebhookQueue_leavingOthers() throws {
        let outbox = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["hook"])
        var configuration = WebhookConfiguration(name: "hook", url: "http://127.0.0.1:9/never")
        configuration.batchInterval = .seconds(3600)
        configuration.batchMaximum = 100
        let webhook = WebhookSink(configuration: configuration, outbox: outbox)
        let sink = OutboxSink(outbox: outbox, webhooks: [webhook])
        defer { sink.stop() }

        for (image, second) in [("beacon.exe", 1), ("other.exe", 2)] as [(String, Int64)] {
            sink.deliver(AlertingFixtures.alert(event: AlertingFixtures.event(image: image, atSecond: second)))
        }
        sink.flush()
        #expect(webhook.undeliveredCount == 2)

        #expect(sink.withdraw(Self.withdrawal(images: ["beacon.exe"])) == 1)
        #expect(webhook.undeliveredCount == 1)
        #expect(outbox.pendingEntries().map(\.target?.image) == ["other.exe"])
        #expect(sink.withdraw(Self.withdrawal(images: ["beacon.exe"])) == 0)
    }

    @Test func outbox_oldestAge_isWallSecondsSinceTheOldestPendingReceipt_andZeroWhenEmpty() throws {
        let metrics = MetricsRegistry()
        let outbox = try Outbox(configuration: OutboxConfiguration(path: path), sinkNames: ["a"], metrics: metrics)
        let first = Self.entry(image: "a.exe", second: 0)
        let second = Self.entry(image: "b.exe", second: 30)
        _ = outbox.append([first, second])
        let receipt = try #require(first.raisedAt)

        #expect(outbox.publishOldestAge(now: receipt + .seconds(90)) == 90)
        #expect(metrics.gauge("wfpwatch_outbox_oldest_age_seconds").value == 90)
        outbox.acknowledge([first.id], sink: "a")
        #expect(outbox.publishOldestAge(now: receipt + .seconds(90)) == 60)
        outbox.acknowledge([second.id], sink: "a")
        #expect(outbox.publishOldestAge(now: receipt + .seconds(90)) == 0)
        #expect(metrics.gauge("wfpwatch_outbox_oldest_age_seconds").value == 0)
    }
}
