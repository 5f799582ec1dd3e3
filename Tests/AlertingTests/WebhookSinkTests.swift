import Detection
import Foundation
import Testing
import WFPCore

@testable import Alerting

@Suite(.timeLimit(.minutes(1)))
struct WebhookSinkTests {
    private let folder: String = {
        let path = NSTemporaryDirectory() + "webhook-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private func configuration(_ url: String, batch: Int = 10) -> WebhookConfiguration {
        var configuration = WebhookConfiguration(name: "test", url: url)
        configuration.batchMaximum = batch
        configuration.batchInterval = .milliseconds(100)
        configuration.initialBackoff = .milliseconds(100)
        configuration.maximumBackoff = .milliseconds(400)
        configuration.timeout = .seconds(2)
        configuration.secret = WebhookSecret("s3cret")
        configuration.deadLetterPath = folder + "/test.dead-letter.jsonl"
        return configuration
    }

    private func outbox(sinks: [String] = ["test"]) throws -> Outbox {
        try Outbox(configuration: OutboxConfiguration(path: folder + "/outbox.jsonl"), sinkNames: sinks)
    }

    @Test func webhookSink_postsSignedVersionedJSONBatch_thatTheReceiverVerifies() throws {
        let receiver = try WebhookTestReceiver(secret: "s3cret")
        defer { receiver.stop() }
        var settings = configuration(receiver.url, batch: 3)
        settings.headers = [.init(name: "Authorization", value: "Bearer ${secret}")]
        let sink = WebhookSink(configuration: settings)
        defer { sink.stop() }

        let entries = OutboxTests.entries(3)
        sink.enqueue(entries)
        #expect(WebhookTestReceiver.wait(seconds: 5) { receiver.acceptedAlertIDs().count == 3 })

        let request = try #require(receiver.requests().first)
        #expect(request["verified"] as? Bool == true)
        #expect(WebhookTestReceiver.alertIDs(request) == entries.map(\.id))
        let headers = request["headers"] as? [String: String] ?? [:]
        #expect(headers["authorization"] == "Bearer s3cret")
        #expect((request["body"] as? String)?.hasPrefix("{\"schema\":1,\"alerts\":[{\"schema\":1,") == true)
    }

    @Test func webhookSink_slackFormat_sendsOneTextLinePerAlert() throws {
        let receiver = try WebhookTestReceiver()
        defer { receiver.stop() }
        var settings = configuration(receiver.url, batch: 2)
        settings.format = .slack
        let sink = WebhookSink(configuration: settings)
        defer { sink.stop() }

        let entries = OutboxTests.entries(2)
        sink.enqueue(entries)
        #expect(WebhookTestReceiver.wait(seconds: 5) { !receiver.requests().isEmpty })
        let body = try #require(receiver.requests().first?["body"] as? String)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let text = try #require(object["text"] as? String)
        #expect(object.count == 1)
        #expect(text.split(separator: "\n").count == 2)
        #expect(text.hasPrefix("[medium] suspicious_process on WORKSTATION5: powershell.exe"))
        #expect(text.contains(entries[1].id))
    }

    @Test func webhookSink_receiverDownThenBack_deliversEveryAlertWithTheSameIDs() throws {
        let first = try WebhookTestReceiver()
        let port = first.port
        first.stop()
        let outbox = try outbox()
        let metrics = MetricsRegistry()
        let sink = WebhookSink(
            configuration: configuration("http://127.0.0.1:\(port)/hook"), outbox: outbox, metrics: metrics)
        let front = OutboxSink(outbox: outbox, webhooks: [sink])
        defer { front.stop() }

        let alerts = (0..<5).map { AlertingFixtures.alert(event: AlertingFixtures.event(atSecond: Int64($0))) }
        for alert in alerts { front.deliver(alert) }
        front.flush()
        #expect(
            WebhookTestReceiver.wait(seconds: 5) {
                metrics.counter("wfpwatch_webhook_retries_total", ["sink": "test"]).value >= 3
            })
        #expect(outbox.pendingEntries().count == 5)

        let back = try WebhookTestReceiver(port: port)
        defer { back.stop() }
        #expect(WebhookTestReceiver.wait(seconds: 5) { outbox.pendingEntries().isEmpty })
        #expect(Set(back.acceptedAlertIDs()) == Set(alerts.map(\.id)))
        #expect(metrics.counter("wfpwatch_webhook_alerts_delivered_total", ["sink": "test"]).value == 5)
    }

    @Test func webhookSink_on429WithRetryAfter_waitsThatLongThenDelivers() throws {
        let receiver = try WebhookTestReceiver(plan: "429:1")
        defer { receiver.stop() }
        let metrics = MetricsRegistry()
        let sink = WebhookSink(configuration: configuration(receiver.url, batch: 1), metrics: metrics)
        defer { sink.stop() }

        let entry = OutboxTests.entries(1)
        sink.enqueue(entry)
        #expect(WebhookTestReceiver.wait(seconds: 5) { receiver.acceptedAlertIDs() == [entry[0].id] })
        let requests = receiver.requests()
        try #require(requests.count == 2)
        #expect(requests.map { $0["status"] as? Int } == [429, 200])
        let gap = (requests[1]["time"] as? Double ?? 0) - (requests[0]["time"] as? Double ?? 0)
        #expect(gap >= 0.9, "Retry-After: 1 was honoured over the 100 ms backoff (gap \(gap) s)")
        #expect(WebhookTestReceiver.alertIDs(requests[0]) == WebhookTestReceiver.alertIDs(requests[1]))
        #expect(metrics.counter("wfpwatch_webhook_retries_total", ["sink": "test"]).value == 1)
    }

    @Test func webhookSink_on400_writesDeadLetterWithoutRetrying_andAcknowledges() throws {
        let receiver = try WebhookTestReceiver(plan: "400")
        defer { receiver.stop() }
        let outbox = try outbox()
        let metrics = MetricsRegistry()
        let settings = configuration(receiver.url, batch: 2)
        let sink = WebhookSink(configuration: settings, outbox: outbox, metrics: metrics)
        defer { sink.stop() }

        let entries = outbox.append(OutboxTests.entries(2))
        sink.enqueue(entries)
        #expect(WebhookTestReceiver.wait(seconds: 5) { outbox.pendingEntries().isEmpty })
        let deadLetter = try String(contentsOfFile: settings.deadLetterPath!, encoding: .utf8)
        #expect(deadLetter == entries.map { $0.json + "\n" }.joined())
        #expect(receiver.requests().count == 1)
        #expect(metrics.counter("wfpwatch_webhook_dead_letter_alerts_total", ["sink": "test"]).value == 2)
    }

    @Test func webhookSink_filtersBySeverityAndRule_andAcknowledgesWhatItSkips() throws {
        let receiver = try WebhookTestReceiver()
        defer { receiver.stop() }
        let outbox = try outbox()
        var settings = configuration(receiver.url, batch: 1)
        settings.minimumSeverity = .high
        settings.rules = ["threat_intel"]
        let sink = WebhookSink(configuration: settings, outbox: outbox)
        defer { sink.stop() }

        func entry(_ rule: String, _ severity: Severity, second: Int64) -> OutboxEntry {
            let finding = AlertingFixtures.finding(rule: rule, severity: severity)
            return OutboxEntry(
                AlertingFixtures.alert(event: AlertingFixtures.event(atSecond: second), finding: finding))
        }
        let low = entry("threat_intel", .low, second: 1)
        let otherRule = entry("suspicious_process", .critical, second: 2)
        let wanted = entry("threat_intel", .high, second: 3)
        sink.enqueue(outbox.append([low, otherRule, wanted]))

        #expect(WebhookTestReceiver.wait(seconds: 5) { outbox.pendingEntries().isEmpty })
        #expect(receiver.acceptedAlertIDs() == [wanted.id])
    }

    @Test func outboxSink_reopenedAfterCrash_resendsWhatWasPending() throws {
        let receiver = try WebhookTestReceiver()
        defer { receiver.stop() }
        let written = OutboxTests.entries(4)
        let crashed = try outbox()
        _ = crashed.append(written)
        // Acknowledged entries leave the file at the next rewrite (here: three of four acknowledged);
        // ones acknowledged since it are sent again after a crash, under the same id.
        crashed.acknowledge(written.prefix(3).map(\.id), sink: "test")
        crashed.close()

        let reopened = try outbox()
        #expect(reopened.recovered == [written[3]])
        let sink = WebhookSink(configuration: configuration(receiver.url), outbox: reopened)
        let front = OutboxSink(outbox: reopened, webhooks: [sink])
        defer { front.stop() }
        #expect(WebhookTestReceiver.wait(seconds: 5) { reopened.pendingEntries().isEmpty })
        #expect(receiver.acceptedAlertIDs() == [written[3].id])
    }

    @Test func webhookSink_queueOverLimit_dropsOldestFromMemoryAndCountsIt() throws {
        let metrics = MetricsRegistry()
        var settings = configuration("http://127.0.0.1:9/hook")
        settings.batchInterval = .seconds(30)
        settings.maximumQueuedAlerts = 3
        let sink = WebhookSink(configuration: settings, metrics: metrics)
        defer { sink.stop() }

        sink.enqueue(OutboxTests.entries(5))
        #expect(sink.undeliveredCount == 3)
        #expect(metrics.counter("wfpwatch_webhook_queue_dropped_total", ["sink": "test"]).value == 2)
        #expect(metrics.gauge("wfpwatch_webhook_queued_alerts", ["sink": "test"]).value == 3)

        sink.discard { _ in true }
        #expect(metrics.gauge("wfpwatch_webhook_queued_alerts", ["sink": "test"]).value == 0)
    }

    @Test func webhookSink_queueOverLimit_prunesWhatTheOutboxEvictedBeforeDropping() throws {
        let metrics = MetricsRegistry()
        let written = OutboxTests.entries(5)
        let room = written.prefix(3).map(\.fileBytes).reduce(0, +) + 10
        let outbox = try Outbox(
            configuration: OutboxConfiguration(path: folder + "/outbox.jsonl", maximumBytes: room, keep: .newest),
            sinkNames: ["test"])
        var settings = configuration("http://127.0.0.1:9/hook")
        settings.batchInterval = .seconds(30)
        settings.maximumQueuedAlerts = 3
        let sink = WebhookSink(configuration: settings, outbox: outbox, metrics: metrics)
        defer { sink.stop() }

        sink.enqueue(outbox.append(Array(written.prefix(3))))
        sink.enqueue(outbox.append(Array(written.suffix(2))))
        #expect(outbox.pendingIDs() == Set(written.suffix(3).map(\.id)))
        #expect(sink.undeliveredCount == 3)
        #expect(metrics.counter("wfpwatch_webhook_queue_dropped_total", ["sink": "test"]).value == 0)
    }
}
