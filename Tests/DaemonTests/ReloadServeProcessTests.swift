import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A `wfpwatch serve` for the reload tests: its configuration (rewritten by the tests), alerts
/// to a JSON lines file, standard error to a file read while it runs, and every notification
/// kept in order.
final class ReloadServeProcess {
    let folder: URL
    let configPath: String
    let alertsPath: String
    let intelPath: String
    let metricsPort: UInt16
    /// A webhook on this loopback port (with its outbox in `outboxPath`) when given.
    let webhookPort: Int?
    var outboxPath: String { folder.appendingPathComponent("outbox.jsonl").path }
    private let errorsPath: String
    private let process = Process()
    private let notify: NotifySocket
    /// Every notification received so far, in order.
    private(set) var notifications: [String] = []

    init(listenerPorts: [UInt16], webhookPort: Int? = nil) throws {
        self.webhookPort = webhookPort
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        configPath = folder.appendingPathComponent("wfpwatch.yaml").path
        alertsPath = folder.appendingPathComponent("alerts.jsonl").path
        intelPath = folder.appendingPathComponent("intel.txt").path
        errorsPath = folder.appendingPathComponent("stderr.txt").path
        metricsPort = try LoopbackSockets.freePort()
        notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        try "# test intel\n192.0.2.0/24\n".write(toFile: intelPath, atomically: true, encoding: .utf8)
        try writeConfiguration(listenerPorts: listenerPorts)

        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        process.executableURL = TestPaths.binary
        process.arguments = ["serve", "--config", configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["INVOCATION_ID"] = nil
        process.environment = environment
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
        try process.run()
        try #require(waitForNotification(seconds: 20) { $0.contains("READY=1") }, "not ready: \(errorText)")
    }

    /// Writes the configuration: TCP listeners on `listenerPorts`, the test intel file, alerts to
    /// the JSON lines file only, `allowlistImages` allowlisted.
    func writeConfiguration(listenerPorts: [UInt16], allowlistImages: [String] = []) throws {
        let listeners = listenerPorts.map {
            "  - {name: tcp\($0), transport: tcp, address: 127.0.0.1, port: \($0)}"
        }
        let entries = allowlistImages.map { "{image: \($0)}" }.joined(separator: ", ")
        try """
            listeners:
            \(listeners.joined(separator: "\n"))
            detection:
              threat_intel: {files: [\(intelPath)]}
            correlation:
              allowlist: {entries: [\(entries)]}
            alerts: {journal: false, json_lines: \(alertsPath)\(webhookText)}
            metrics: {listen: "127.0.0.1:\(metricsPort)"}
            pipeline: {workers: 2}
            state: {directory: \(folder.path)}
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// The webhook and outbox settings in the `alerts` flow mapping; quick retries.
    private var webhookText: String {
        guard let webhookPort else { return "" }
        return ", outbox: {path: \(outboxPath)}, webhooks: [{name: soc, url: \"http://127.0.0.1:\(webhookPort)/hook\", "
            + "batch_max: 5, batch_interval: 100ms, retry_initial: 100ms, retry_max: 300ms, timeout: 2s}]"
    }

    /// Sends SIGHUP and waits for RELOADING=1 followed by READY=1.
    func reload() -> Bool {
        let start = notifications.count
        kill(process.processIdentifier, SIGHUP)
        return waitForNotification(seconds: 30) { _ in
            let recent = notifications[start...]
            guard let reloading = recent.firstIndex(where: { $0.contains("RELOADING=1") }) else { return false }
            return recent[reloading...].contains { $0.contains("READY=1") }
        }
    }

    /// Reads notifications until `done` holds for the latest one, or `seconds` pass.
    @discardableResult
    func waitForNotification(seconds: Double, _ done: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && process.isRunning {
            guard let message = notify.receive() else { continue }
            notifications.append(message)
            if done(message) { return true }
        }
        return false
    }

    /// Waits until an alert line satisfies `match`; the alerts found so far either way.
    func waitForAlert(seconds: Double, _ match: ([String: Any]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if alerts().contains(where: match) { return true }
            usleep(50_000)
        } while Date() < deadline
        return false
    }

    func alerts() -> [[String: Any]] {
        let text = (try? String(contentsOfFile: alertsPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    var errorText: String { (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? "" }
    var isRunning: Bool { process.isRunning }

    /// The `/metrics` text.
    func metrics() throws -> String {
        let curl = URL(fileURLWithPath: "/usr/bin/curl")
        return try ProcessRunner.run(curl, ["-s", "http://127.0.0.1:\(metricsPort)/metrics"]).output
    }

    func stop() -> Int32 {
        process.terminateAndWait()
    }

    deinit {
        process.discard(folder: folder)
    }

    /// One RFC 5424 line with a Security 5156 (allowed outbound connection) in NXLog JSON.
    static func connectionLine(image: String, destination: String, second: Int) -> [UInt8] {
        let time = String(format: "10:00:%02d", second)
        let json = #"{"EventID":5156,"Hostname":"ws1.example.local","EventTime":"2026-12-04 \#(time)","#
            + #""Application":"\\device\\harddiskvolume2\\tools\\\#(image)","Direction":"%%14593","#
            + #""SourceAddress":"10.0.0.5","SourcePort":"50000","DestAddress":"\#(destination)","#
            + #""DestPort":"443","Protocol":"6","ProcessID":"1234","Channel":"Security"}"#
        return Array("<14>1 2026-12-04T\(time)Z ws1 nxlog - - - \(json)\n".utf8)
    }

    /// True for an alert on a connection of `image` to `destination`.
    static func isAlert(_ alert: [String: Any], image: String, destination: String) -> Bool {
        (alert["process"] as? [String: Any])?["image"] as? String == image && alert["dst_ip"] as? String == destination
    }
}
