import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGHUP with a new allowlist entry against a real `serve` whose webhook receiver is down:
/// the allowlisted key's alerts waiting in the outbox are dropped, the other keys' alerts
/// still arrive once the receiver is back, and the key raises nothing after the reload.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ReloadAllowlistServeTests {
    typealias Serve = ReloadServeProcess

    @Test func reload_withNewAllowlistEntry_dropsThatKeysQueuedWebhookAlerts_andDeliversTheOthers() throws {
        let down = try WebhookTestReceiver()
        let hookPort = down.port
        down.stop()
        let port = try LoopbackSockets.freePort()
        let serve = try Serve(listenerPorts: [port], webhookPort: hookPort)
        defer { _ = serve.stop() }

        // Two keys alert while the receiver is down; both wait in the outbox.
        let client = try TCPClient(port: port)
        try client.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.1", second: 1))
        try client.send(Serve.connectionLine(image: "other.exe", destination: "192.0.2.3", second: 2))
        let beaconID = try #require(alertID(serve, image: "beacon.exe", destination: "192.0.2.1"))
        let otherID = try #require(alertID(serve, image: "other.exe", destination: "192.0.2.3"))
        #expect(WebhookTestReceiver.wait(seconds: 5) { outboxIDs(serve) == [beaconID, otherID] })

        // The reload allowlists beacon.exe: its queued alert leaves the outbox.
        try serve.writeConfiguration(listenerPorts: [port], allowlistImages: ["beacon.exe"])
        let reloadStart = Date()
        #expect(serve.reload())
        #expect(WebhookTestReceiver.wait(seconds: 5) { outboxIDs(serve) == [otherID] }, "\(outboxIDs(serve))")

        // No alert for the key afterwards; the other key still alerts, within 5 s of the reload.
        try client.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.2", second: 3))
        try client.send(Serve.connectionLine(image: "other.exe", destination: "192.0.2.4", second: 4))
        let laterID = try #require(alertID(serve, image: "other.exe", destination: "192.0.2.4"))
        #expect(Date().timeIntervalSince(reloadStart) < 5)
        #expect(!serve.alerts().contains { Serve.isAlert($0, image: "beacon.exe", destination: "192.0.2.2") })
        try expectOutboxAged(serve)

        // The receiver comes back: the other key's alerts arrive, the allowlisted one never does.
        let receiver = try WebhookTestReceiver(port: hookPort)
        defer { receiver.stop() }
        let arrived = WebhookTestReceiver.wait(seconds: 20) {
            Set([otherID, laterID]).isSubset(of: Set(receiver.acceptedAlertIDs()))
        }
        #expect(arrived, "received \(receiver.acceptedAlertIDs())")
        #expect(WebhookTestReceiver.wait(seconds: 5) { outboxIDs(serve).isEmpty })
        #expect(!receiver.acceptedAlertIDs().contains(beaconID))

        try expectCounted(serve)
        #expect(serve.stop() == 0)
        let applied = serve.errorText.components(separatedBy: "allowlist applied to live state").count - 1
        #expect(applied == 1, "\(serve.errorText)")
    }

    /// The outbox removal, the withdrawn alert and the purged keys, in the metrics.
    private func expectCounted(_ serve: Serve) throws {
        let samples = try ExpositionLines.check(try serve.metrics())
        #expect(samples["wfpwatch_outbox_removed_total{reason=\"allowlisted\"}"] == 1, "\(samples)")
        #expect(samples["wfpwatch_allowlist_withdrawn_alerts_total{stage=\"delivery\"}"] == 1)
        #expect(ExpositionLines.sum("wfpwatch_allowlist_purged_keys_total", in: samples) >= 1)
        #expect(samples["wfpwatch_reloads_total{result=\"success\"}"] == 1)
    }

    /// A second after the last alert, with no event since, a scrape still shows the oldest
    /// pending alert ageing, and `wfpwatch status` shows the outbox.
    private func expectOutboxAged(_ serve: Serve) throws {
        usleep(1_200_000)
        let samples = try ExpositionLines.check(try serve.metrics())
        let age = try #require(samples["wfpwatch_outbox_oldest_age_seconds"])
        #expect(age >= 1 && age < 60, "\(age)")
        #expect(samples["wfpwatch_outbox_entries"] == 2)

        let status = try ProcessRunner.wfpwatch(["status", "--metrics", "http://127.0.0.1:\(serve.metricsPort)/metrics"])
        #expect(status.output.contains("outbox: pending 2 ("), "\(status.output)")
        #expect(status.output.contains(", removed 1"), "\(status.output)")
    }

    private func alertID(_ serve: Serve, image: String, destination: String) -> String? {
        _ = serve.waitForAlert(seconds: 10) { Serve.isAlert($0, image: image, destination: destination) }
        return serve.alerts().first { Serve.isAlert($0, image: image, destination: destination) }?["alert_id"]
            as? String
    }

    /// Ids in the outbox file, in file order.
    private func outboxIDs(_ serve: Serve) -> [String] {
        let text = (try? String(contentsOfFile: serve.outboxPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["alert_id"] as? String
        }
    }
}
