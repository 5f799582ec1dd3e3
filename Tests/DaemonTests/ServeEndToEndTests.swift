import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// Runs the real service: `wfpwatch serve` with journald, fed real captures over TCP and UDP
// on loopback, and compares the alerts it writes with what `replay` finds in the same files.
// Hosts in the TCP files and in the UDP file differ, so per-host order (which is what
// detection depends on) is the same in both runs.

private let tcpCaptures = ["otrf_empire_psinject_peinjection.jsonl", "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl"]
private let udpCapture = "otrf_empire_launcher_sct_regsvr32.jsonl"

@Test(.timeLimit(.minutes(2)))
func serve_alertsMatchReplay_overTCPAndUDP_andReachTheJournal() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-e2e-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    let port = try LoopbackSockets.freePort()
    let alertsFile = folder.appendingPathComponent("alerts.jsonl").path
    let configPath = folder.appendingPathComponent("wfpwatch.yaml").path
    let intel = TestPaths.packageRoot.appendingPathComponent("config/intel/example.txt").path
    try """
        listeners:
          - {name: udp, transport: udp, address: 127.0.0.1, port: \(port)}
          - {name: tcp, transport: tcp, address: 127.0.0.1, port: \(port)}
        detection:
          threat_intel: {files: [\(intel)]}
        alerts: {journal: true, json_lines: \(alertsFile)}
        pipeline: {workers: 2}
        """.write(toFile: configPath, atomically: true, encoding: .utf8)

    // Start the service with a notification socket, as systemd would, and wait for READY=1.
    let notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
    let server = Process()
    server.executableURL = TestPaths.binary
    server.arguments = ["serve", "--config", configPath]
    var environment = ProcessInfo.processInfo.environment
    environment["NOTIFY_SOCKET"] = notify.path
    environment["INVOCATION_ID"] = nil
    server.environment = environment
    let serverErrors = Pipe()
    server.standardError = serverErrors
    try server.run()
    defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }

    try #require(waitFor(notify, server: server, seconds: 20) { $0.contains("READY=1") } != nil,
        "serve did not become ready: \(String(decoding: serverErrors.fileHandleForReading.availableData, as: UTF8.self))")

    // Feed the captures and wait until STATUS= accounts for every line.
    var lines = 0
    var tcpBytes: [UInt8] = []
    for name in tcpCaptures {
        let data = try Data(contentsOf: TestPaths.realCapture(name))
        tcpBytes += data
        lines += data.split(separator: 0x0A).count
    }
    let datagrams = try Data(contentsOf: TestPaths.realCapture(udpCapture)).split(separator: 0x0A).map { Array($0) }
    lines += datagrams.count
    try LoopbackSockets.sendTCP(tcpBytes, port: port)
    try LoopbackSockets.sendUDP(datagrams, port: port)

    let accounted = waitFor(notify, server: server, seconds: 30) { messagesAccounted(in: $0) == lines }
    #expect(accounted != nil, "STATUS never accounted for all \(lines) messages")

    // Stop it as systemd would; it must drain and exit 0 after STOPPING=1.
    kill(server.processIdentifier, SIGTERM)
    server.waitUntilExit()
    #expect(server.terminationStatus == 0)

    let served = try String(contentsOfFile: alertsFile, encoding: .utf8).split(separator: "\n").map(String.init)
    let replayed = try ProcessRunner.wfpwatch(
        ["replay", "--config", configPath] + (tcpCaptures + [udpCapture]).map { TestPaths.realCapture($0).path })
    #expect(replayed.status == 0)
    let replayedLines = replayed.output.split(separator: "\n").map(String.init)

    #expect(!served.isEmpty)
    #expect(served.contains { $0.contains("suspicious_process") })
    #expect(try served.map(comparable).sorted() == replayedLines.map(comparable).sorted())

    let journalAlerts = waitForJournal(pid: server.processIdentifier, count: served.count)
    #expect(journalAlerts == served.count)
}

/// Reads notifications until one satisfies `done`, the server exits, or time runs out.
private func waitFor(_ notify: NotifySocket, server: Process, seconds: Double, _ done: (String) -> Bool) -> String? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if let message = notify.receive(), done(message) { return message }
        if !server.isRunning { return nil }
    }
    return nil
}

/// events + skipped + decode failures from a `STATUS=` line.
private func messagesAccounted(in status: String) -> Int? {
    guard status.hasPrefix("STATUS=") else { return nil }
    var total = 0
    for title in ["events ", "skipped ", "decode failures "] {
        guard let range = status.range(of: title) else { return nil }
        total += Int(status[range.upperBound...].prefix(while: { $0.isNumber })) ?? 0
    }
    return total
}

/// An alert line without its receive times (which differ between serve and replay), keys sorted.
private func comparable(_ line: String) throws -> String {
    func strip(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { !$0.key.lowercased().contains("received") }.mapValues(strip)
        }
        if let array = value as? [Any] { return array.map(strip) }
        return value
    }
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
    let data = try JSONSerialization.data(withJSONObject: strip(object), options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// How many journal entries of process `pid` carry an alert rule, waiting up to 10 s for
/// journald to catch up with `count`.
private func waitForJournal(pid: Int32, count: Int) -> Int {
    var found = 0
    for _ in 0..<50 {
        let result = try? ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/journalctl"), ["_PID=\(pid)", "-o", "json", "--no-pager"])
        found = result?.output.split(separator: "\n").filter { $0.contains("\"WFPWATCH_RULE\"") }.count ?? 0
        if found >= count { return found }
        usleep(200_000)
    }
    return found
}
