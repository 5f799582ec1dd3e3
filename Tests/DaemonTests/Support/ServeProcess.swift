import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A running `wfpwatch serve` with its own configuration in a temporary folder, started with a
/// notification socket as systemd would start it. `stop()` sends SIGTERM; the deinit kills it
/// if a test ended early.
final class ServeProcess {
    let folder: URL
    let configPath: String
    let process = Process()
    private let notify: NotifySocket
    private let errors = Pipe()
    /// The last STATUS= text received (without the `STATUS=` prefix).
    private(set) var lastStatus = ""

    /// Writes a configuration with `listeners` (YAML list items) and the example intel file,
    /// alerts to the journal only (or as `alerts` says), starts `serve` and waits for READY=1.
    /// `extra` is YAML appended to the configuration (top-level sections). The saved state
    /// lives in `stateDirectory`, by default this run's own folder.
    init(
        listeners: [String], workers: Int = 2, extra: String = "", alerts: String = "{journal: true}",
        stateDirectory: String? = nil
    ) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        configPath = folder.appendingPathComponent("wfpwatch.yaml").path
        let intel = TestPaths.packageRoot.appendingPathComponent("config/intel/example.txt").path
        let listenerLines = listeners.map { "  - \($0)" }.joined(separator: "\n")
        try """
            listeners:
            \(listenerLines)
            detection:
              threat_intel: {files: [\(intel)]}
            alerts: \(alerts)
            pipeline: {workers: \(workers)}
            state: {directory: \(stateDirectory ?? folder.path)}
            \(extra)
            """.write(toFile: configPath, atomically: true, encoding: .utf8)

        notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        process.executableURL = TestPaths.binary
        process.arguments = ["serve", "--config", configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["INVOCATION_ID"] = nil
        process.environment = environment
        process.standardError = errors
        try process.run()

        let ready = waitForStatus(seconds: 20) { _ in true }
        try #require(ready, "serve did not become ready: \(errorText())")
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Reads notifications until a STATUS= satisfies `done` (true), or the server exits or
    /// `seconds` pass (false).
    @discardableResult
    func waitForStatus(seconds: Double, _ done: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let message = notify.receive() {
                for line in message.split(separator: "\n") where line.hasPrefix("STATUS=") {
                    lastStatus = String(line.dropFirst("STATUS=".count))
                }
                if message.contains("STATUS="), done(lastStatus) { return true }
            }
            if !process.isRunning { return false }
        }
        return false
    }

    /// Waits until STATUS= accounts for `messages` (events + skipped + decode failures).
    @discardableResult
    func waitUntilAccounted(_ messages: Int, seconds: Double = 20) -> Bool {
        waitForStatus(seconds: seconds) { ServeStatusText.accounted($0) == messages }
    }

    /// SIGTERM, then the exit status.
    func stop() -> Int32 {
        process.terminateAndWait()
    }

    /// What serve wrote to standard error so far (read once it has exited).
    func errorText() -> String {
        guard !process.isRunning else { return "" }
        return String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    deinit {
        process.discard(folder: folder)
    }
}

/// Numbers from serve's STATUS= text, e.g. `listening on 2 sockets; events 12, skipped 3
/// (not_windows_event 3), decode failures 0, truncated 0, invalid utf-8 0, ...`.
enum ServeStatusText {
    /// The number after `title` (`"events "`, `"truncated "`, `"not_windows_event "`).
    static func count(_ title: String, in status: String) -> Int? {
        guard let range = status.range(of: title) else { return nil }
        return Int(status[range.upperBound...].prefix(while: { $0.isNumber }))
    }

    /// Messages accounted for: events + skipped + decode failures.
    static func accounted(_ status: String) -> Int? {
        guard let events = count("; events ", in: status), let skipped = count(", skipped ", in: status),
            let failures = count(", decode failures ", in: status)
        else { return nil }
        return events + skipped + failures
    }
}
