import Detection
import Foundation
import Testing
import WFPCore

@testable import Alerting

private typealias F = AlertingFixtures

private let journalSocket = "/run/systemd/journal/socket"

/// Entries from `journalctl -o json --all WFPWATCH_HOST=<host>`, polled until one arrives or 5 s pass.
private func readJournal(host: String) throws -> [[String: Any]] {
    let deadline = Date().addingTimeInterval(5)
    while true {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
        process.arguments = ["-o", "json", "--all", "--no-pager", "WFPWATCH_HOST=\(host)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        let entries = try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
        if !entries.isEmpty || Date() > deadline { return entries }
        Thread.sleep(forTimeInterval: 0.1)
    }
}

@Test func journalSink_deliversAlert_toRealJournald() throws {
    try #require(
        FileManager.default.fileExists(atPath: journalSocket),
        "no journal socket at \(journalSocket): start /lib/systemd/systemd-journald")

    let host = "WFPTEST-\(UUID().uuidString.prefix(8))"
    let event = F.event(host: host)
    let finding = F.finding(severity: .high, summary: "powershell.exe on \(host) connected to 10.10.10.5:80/tcp")
    let alert = F.alert(event: event, finding: finding, suppressed: 4)
    let metrics = MetricsRegistry()
    let sink = JournalSink(log: Log(), metrics: metrics)

    sink.deliver(alert)
    let entries = try readJournal(host: host)

    #expect(metrics.counter("wfpwatch_sink_failures_total", ["sink": "journal"]).value == 0)
    let entry = try #require(entries.first, "alert for host \(host) not found in the journal within 5 s")
    #expect(entries.count == 1)
    let expected: [String: String] = [
        "MESSAGE": finding.summary, "PRIORITY": "3", "SYSLOG_IDENTIFIER": "wfpwatch",
        "WFPWATCH_KIND": "alert", "WFPWATCH_RULE": "suspicious_process", "WFPWATCH_SEVERITY": "high",
        "WFPWATCH_TECHNIQUE": "T1059.001", "WFPWATCH_PROCESS": "powershell.exe",
        "WFPWATCH_PROCESS_PATH": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "WFPWATCH_PID": "7048", "WFPWATCH_SRC_IP": "172.18.39.5", "WFPWATCH_SRC_PORT": "50123",
        "WFPWATCH_DST_IP": "10.10.10.5", "WFPWATCH_DST_PORT": "80", "WFPWATCH_PROTOCOL": "tcp",
        "WFPWATCH_DIRECTION": "outbound", "WFPWATCH_OUTCOME": "allowed", "WFPWATCH_EVENT_ID": "5156",
        "WFPWATCH_EVENT_TIME": "2020-08-07T18:32:09.583Z", "WFPWATCH_ALERT_ID": alert.id,
        "WFPWATCH_SUPPRESSED": "4", "WFPWATCH_ALERT_JSON": AlertJSON.encode(alert),
    ]
    for (field, value) in expected {
        #expect(entry[field] as? String == value, "field \(field)")
    }
}

@Test func journalLogBackend_writesLogLine_toRealJournald() throws {
    try #require(
        FileManager.default.fileExists(atPath: journalSocket),
        "no journal socket at \(journalSocket): start /lib/systemd/systemd-journald")

    let host = "WFPLOG-\(UUID().uuidString.prefix(8))"
    JournalLogBackend().write(.warning, "test log line", [("host", host), ("frame_bytes", "70000")])
    let entries = try readJournal(host: host)

    let entry = try #require(entries.first, "log line for \(host) not found in the journal within 5 s")
    #expect(entry["MESSAGE"] as? String == "test log line")
    #expect(entry["PRIORITY"] as? String == "4")
    #expect(entry["WFPWATCH_KIND"] as? String == "log")
    #expect(entry["WFPWATCH_FRAME_BYTES"] as? String == "70000")
}
