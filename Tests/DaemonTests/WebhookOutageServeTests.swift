import Foundation
import Testing

// End to end: the webhook receiver is down for a full minute while `wfpwatch serve` keeps
// raising alerts from the real captures; once it is back, it has every alert serve raised,
// each under the id serve gave it (a repeat delivery carries the same id).

@Suite(.timeLimit(.minutes(5)))
struct WebhookOutageServeTests {
    @Test func serve_webhookDownForSixtySecondsWhileAlertsFlow_receivesEveryAlertOnceBack() throws {
        try #require(realCaptures.count >= 5, "captures not found in \(TestPaths.shared.path)")
        let folder = NSTemporaryDirectory() + "wfpwatch-outage-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let down = try WebhookTestReceiver()
        let hookPort = down.port
        down.stop()
        let port = try LoopbackSockets.freePort()
        let serve = try ServeProcess(
            listeners: ["{name: tcp, transport: tcp, address: 127.0.0.1, port: \(port)}"],
            alerts: "{journal: false, json_lines: \(folder)/alerts.jsonl, outbox: {path: \(folder)/outbox.jsonl}, "
                + "webhooks: [{name: soc, url: 'http://127.0.0.1:\(hookPort)/hook', batch_max: 5, "
                + "batch_interval: 100ms, retry_initial: 1s, retry_max: 5s, timeout: 2s}]}")

        // One capture every 12 s while the receiver is down.
        let outageStart = Date()
        var sent = 0
        for (index, capture) in realCaptures.prefix(5).enumerated() {
            Thread.sleep(until: outageStart.addingTimeInterval(Double(index) * 12))
            let logger = try Logger.send(capture, transport: "tcp", port: port)
            #expect(logger.status == 0, "logger: \(logger.error)")
            sent += try lineCount(capture)
        }
        #expect(serve.waitUntilAccounted(sent), "STATUS= never reached \(sent) messages")
        Thread.sleep(until: outageStart.addingTimeInterval(60))
        let raised = WebhookServeTests.alertIDs(inFile: folder + "/alerts.jsonl")
        try #require(raised.count >= 4, "serve raised \(raised.count) alerts")
        #expect(WebhookServeTests.alertIDs(inFile: folder + "/outbox.jsonl") == raised, "all waiting in the outbox")

        let receiver = try WebhookTestReceiver(port: hookPort)
        defer { receiver.stop() }
        let arrived = WebhookTestReceiver.wait(seconds: 30) { raised.isSubset(of: Set(receiver.acceptedAlertIDs())) }
        #expect(arrived, "missing: \(raised.subtracting(receiver.acceptedAlertIDs()))")
        #expect(Set(receiver.acceptedAlertIDs()) == raised, "no alert serve did not raise, repeats under one id")
        #expect(WebhookTestReceiver.wait(seconds: 5) { WebhookServeTests.alertIDs(inFile: folder + "/outbox.jsonl").isEmpty })
        #expect(serve.stop() == 0)
    }
}
