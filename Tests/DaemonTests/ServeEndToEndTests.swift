import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// The acceptance of the service: every real capture, sent to `serve` by a real syslog client
// (util-linux logger, which frames each line as one RFC 5424 message), gives in the journal the
// same alerts that `replay` prints for the same files. One fresh serve run per transport.

/// Every capture in ../shared/data/real, in the order both serve and replay read them.
let realCaptures: [URL] = {
    let folder = TestPaths.shared.appendingPathComponent("data/real")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { folder.appendingPathComponent($0) }
}()

/// Lines (messages) in a capture.
func lineCount(_ capture: URL) throws -> Int {
    try Data(contentsOf: capture).split(separator: 0x0A).count
}

/// Alerts every run of the real captures must raise: (process, destination, host).
private let knownAlerts: [(image: String, destination: String, host: String?)] = [
    ("powershell.exe", "10.10.10.5:80", "WORKSTATION5.theshire.local"),
    ("regsvr32.exe", "10.10.10.5:8444", nil),
    ("powershell.exe", "10.10.10.5:80", "WORKSTATION5.mordor.local"),
    ("winx64_payload.exe", "10.0.5.13:8080", nil),
]

@Suite(.serialized, .timeLimit(.minutes(2)))
struct ServeEndToEndTests {
    @Test func serve_overTCPFromLogger_journalsTheAlertsReplayPrints() throws {
        try checkServeMatchesReplay(transport: "tcp")
    }

    @Test func serve_overUDPFromLogger_journalsTheAlertsReplayPrints() throws {
        try checkServeMatchesReplay(transport: "udp")
    }

    private func checkServeMatchesReplay(transport: String) throws {
        try #require(realCaptures.count >= 5, "captures not found in \(TestPaths.shared.path)")
        let port = try LoopbackSockets.freePort()
        let limit = transport == "udp" ? 65535 : 65536
        // One worker: the fleet-wide rarity memory is shared by every host, so with two workers
        // the hosts of consecutive files could meet it in another order than replay's.
        let serve = try ServeProcess(listeners: [
            "{name: \(transport), transport: \(transport), address: 127.0.0.1, port: \(port), "
                + "max_message_bytes: \(limit)}"
        ], workers: 1)

        // One logger run per capture, each waited for (STATUS= accounts for every line) so
        // that events of a host reach detection in file order, as in replay.
        var sent = 0
        for capture in realCaptures {
            let logger = try Logger.send(capture, transport: transport, port: port)
            #expect(logger.status == 0, "logger: \(logger.error)")
            sent += try lineCount(capture)
            try #require(serve.waitUntilAccounted(sent), "STATUS= never reached \(sent) messages: \(serve.lastStatus)")
        }
        #expect(ServeStatusText.count("decode failures ", in: serve.lastStatus) == 0)
        #expect(serve.stop() == 0)

        let replay = try ProcessRunner.wfpwatch(["replay", "--config", serve.configPath] + realCaptures.map(\.path))
        #expect(replay.status == 0)
        let expected = try replay.output.split(separator: "\n").map(ComparableAlert.text(jsonLine:)).sorted()
        let journal = try JournalAlerts.read(pid: serve.pid, atLeast: expected.count)

        #expect(!expected.isEmpty)
        #expect(try journal.map { try ComparableAlert.text($0.alert) }.sorted() == expected)
        for entry in journal {
            #expect(entry.priority == JournalAlerts.priority(ofSeverity: entry.severity))
            #expect((entry.alert["relay"] as? String)?.isEmpty == false, "logger's hostname is the relay")
        }
        for known in knownAlerts {
            #expect(journal.contains { matches($0.alert, known) }, "no alert for \(known)")
        }
    }

    private func matches(_ alert: [String: Any], _ known: (image: String, destination: String, host: String?)) -> Bool {
        let process = alert["process"] as? [String: Any]
        let destination = "\(alert["dst_ip"] as? String ?? ""):\(alert["dst_port"] as? Int ?? -1)"
        return process?["image"] as? String == known.image && destination == known.destination
            && (known.host == nil || alert["host"] as? String == known.host)
    }
}

/// util-linux `logger` as a remote syslog client: every line of a file is one RFC 5424
/// message, newline-terminated over TCP, one datagram each over UDP.
enum Logger {
    static func send(_ file: URL, transport: String, port: UInt16) throws -> ProcessResult {
        try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/logger"), [
            "--\(transport)", "-n", "127.0.0.1", "-P", String(port), "--size", "65536", "-t", "nxlog",
            "-f", file.path,
        ])
    }
}
