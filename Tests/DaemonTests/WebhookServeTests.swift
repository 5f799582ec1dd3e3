import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

// End to end: `wfpwatch serve` with a webhook whose receiver is down while the real captures
// raise alerts; the alerts wait in the outbox; serve is killed with SIGKILL; the receiver comes
// back, serve starts again, and every alert that was pending arrives, each under its own id.

@Suite(.serialized, .timeLimit(.minutes(2)))
struct WebhookServeTests {
    @Test func serve_killedWhileWebhookIsDown_deliversEveryPendingAlertAfterRestart() throws {
        try #require(realCaptures.count >= 5, "captures not found in \(TestPaths.shared.path)")
        let folder = NSTemporaryDirectory() + "wfpwatch-webhook-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let down = try WebhookTestReceiver()
        let hookPort = down.port
        down.stop()
        let syslogPort = try LoopbackSockets.freePort()
        let configPath = try writeConfiguration(folder: folder, syslogPort: syslogPort, hookPort: hookPort)
        let outboxPath = folder + "/state/outbox.jsonl"

        // First run: every capture sent, the alerts reach the outbox, then SIGKILL.
        let first = try WebhookServe(configPath: configPath, folder: folder)
        var sent = 0
        for capture in realCaptures {
            let logger = try Logger.send(capture, transport: "udp", port: syslogPort)
            #expect(logger.status == 0, "logger: \(logger.error)")
            sent += try lineCount(capture)
        }
        #expect(first.waitUntilAccounted(sent), "STATUS= never reached \(sent) messages")
        #expect(WebhookTestReceiver.wait(seconds: 5) { Self.alertIDs(inFile: outboxPath).count >= 4 })
        first.kill9()
        // What the file holds at the kill is what is pending, whatever detection still had queued.
        let pending = Self.alertIDs(inFile: outboxPath)
        try #require(pending.count >= 4, "outbox holds \(pending.count) alerts")

        // The receiver is back; a fresh serve re-sends what the outbox held.
        let receiver = try WebhookTestReceiver(port: hookPort, secret: "s3cret")
        defer { receiver.stop() }
        let second = try WebhookServe(configPath: configPath, folder: folder)
        let allArrived = WebhookTestReceiver.wait(seconds: 20) {
            pending.isSubset(of: Set(receiver.acceptedAlertIDs()))
        }
        #expect(allArrived, "missing: \(pending.subtracting(receiver.acceptedAlertIDs()))")
        #expect(WebhookTestReceiver.wait(seconds: 5) { Self.alertIDs(inFile: outboxPath).isEmpty })
        #expect(second.stop() == 0)

        let accepted = receiver.acceptedAlertIDs()
        #expect(Set(accepted) == pending, "only the pending alerts, each with its stable id")
        #expect(receiver.requests().allSatisfy { $0["verified"] as? Bool == true })
    }

    private func writeConfiguration(folder: String, syslogPort: UInt16, hookPort: Int) throws -> String {
        let intel = TestPaths.packageRoot.appendingPathComponent("config/intel/example.txt").path
        let path = folder + "/wfpwatch.yaml"
        try "s3cret\n".write(toFile: folder + "/hook.secret", atomically: true, encoding: .utf8)
        try """
        listeners:
          - {name: udp, transport: udp, address: 127.0.0.1, port: \(syslogPort), max_message_bytes: 65535}
        detection:
          threat_intel: {files: [\(intel)]}
        alerts:
          journal: false
          outbox: {path: state/outbox.jsonl}
          webhooks:
            - name: soc
              url: http://127.0.0.1:\(hookPort)/hook
              secret_file: hook.secret
              batch_max: 5
              batch_interval: 100ms
              retry_initial: 100ms
              retry_max: 300ms
              timeout: 2s
        pipeline: {workers: 2}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func alertIDs(inFile path: String) -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(
            text.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["alert_id"] as? String
            })
    }
}

/// `wfpwatch serve --config <path>` with a notification socket, ready once READY=1 arrives.
private final class WebhookServe {
    let process = Process()
    private let notify: NotifySocket
    private var lastStatus = ""

    init(configPath: String, folder: String) throws {
        notify = try NotifySocket(path: folder + "/notify-\(UUID().uuidString.prefix(8)).sock")
        process.executableURL = TestPaths.binary
        process.arguments = ["serve", "--config", configPath]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["INVOCATION_ID"] = nil
        environment["STATE_DIRECTORY"] = nil
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        try #require(waitForStatus(seconds: 20) { _ in true }, "serve did not become ready")
    }

    func waitForStatus(seconds: Double, _ done: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && process.isRunning {
            guard let message = notify.receive() else { continue }
            for line in message.split(separator: "\n") where line.hasPrefix("STATUS=") {
                lastStatus = String(line.dropFirst("STATUS=".count))
            }
            if message.contains("STATUS="), done(lastStatus) { return true }
        }
        return false
    }

    func waitUntilAccounted(_ messages: Int) -> Bool {
        waitForStatus(seconds: 30) { ServeStatusText.accounted($0) == messages }
    }

    func kill9() {
        process.killAndWait()
    }

    func stop() -> Int32 {
        process.terminateAndWait()
    }

    deinit {
        if process.isRunning { kill9() }
    }
}
