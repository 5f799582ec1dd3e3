import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `promtool check metrics` (Debian package prometheus; scripts/install-deps installs it) on
/// what `curl` gets from a running serve's metrics address, with UDP, TCP and TLS listeners, a
/// webhook with its outbox, alerts raised and delivered, a reload and a failed TLS handshake,
/// so that the metric families of every stage are in the text.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PromtoolMetricsTests {
    private static let promtool = URL(fileURLWithPath: "/usr/bin/promtool")

    @Test func metricsEndpoint_text_passesPromtoolCheckMetrics_withoutLintFindings() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.promtool.path),
            "promtool not found: run scripts/install-deps (package prometheus)")
        let receiver = try WebhookTestReceiver()
        defer { receiver.stop() }
        let serve = try PromtoolServe(webhookPort: receiver.port)
        defer { _ = serve.stop() }

        try serve.sendTraffic()
        #expect(WebhookTestReceiver.wait(seconds: 20) { receiver.acceptedAlertIDs().count >= 2 })
        kill(serve.pid, SIGHUP)
        let reloaded = WebhookTestReceiver.wait(seconds: 10) {
            (try? serve.scrape())?.contains("wfpwatch_reloads_total") == true
        }
        #expect(reloaded)

        let text = try serve.scrape()
        let families = Set(text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map {
            String($0.split(separator: " ")[2])
        })
        for family in Self.expectedFamilies { #expect(families.contains(family), "\(family) missing") }
        #expect(!text.contains("# HELP wfpwatch_") || !text.contains(" wfpwatch metric "), "a family without help")

        let check = try ProcessRunner.run(Self.promtool, ["check", "metrics"], input: Data(text.utf8))
        #expect(check.status == 0, "promtool: \(check.output)\(check.error)")
        #expect(check.output.isEmpty && check.error.isEmpty, "promtool findings: \(check.output)\(check.error)")
    }

    /// A family of each stage and each transport.
    private static let expectedFamilies = [
        "wfpwatch_received_messages_total", "wfpwatch_received_bytes_total", "wfpwatch_connections_accepted_total",
        "wfpwatch_open_connections", "wfpwatch_tls_handshake_failures_total", "wfpwatch_udp_kernel_drops_total",
        "wfpwatch_udp_queue_bytes",
        "wfpwatch_events_total", "wfpwatch_alerts_total", "wfpwatch_queue_events", "wfpwatch_correlation_tracked_keys",
        "wfpwatch_sink_deliveries_total", "wfpwatch_webhook_alerts_delivered_total", "wfpwatch_outbox_entries",
        "wfpwatch_outbox_oldest_age_seconds", "wfpwatch_reloads_total", "wfpwatch_build_info",
        "wfpwatch_start_time_seconds", "wfpwatch_listeners", "wfpwatch_metrics_requests_total",
    ]
}

/// serve with UDP, TCP and TLS listeners (a self-signed certificate made with openssl), JSON
/// lines, a webhook to `webhookPort` and the metrics endpoint, all on loopback.
private final class PromtoolServe {
    let folder: URL
    let ports: (udp: UInt16, tcp: UInt16, tls: UInt16, metrics: UInt16)
    private let process = Process()
    private let notify: NotifySocket

    var pid: Int32 { process.processIdentifier }

    init(webhookPort: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-promtool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var chosen: Set<UInt16> = []
        while chosen.count < 4 { chosen.insert(try LoopbackSockets.freePort()) }
        let sorted = chosen.sorted()
        ports = (sorted[0], sorted[1], sorted[2], sorted[3])
        notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        try makeCertificate()
        try writeConfiguration(webhookPort: webhookPort)

        process.executableURL = TestPaths.binary
        process.arguments = ["serve", "--config", folder.appendingPathComponent("wfpwatch.yaml").path]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["INVOCATION_ID"] = nil
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        try #require(process.waitUntilReady(notify), "serve did not become ready")
    }

    private func makeCertificate() throws {
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/openssl"), [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-keyout", folder.appendingPathComponent("key.pem").path,
            "-out", folder.appendingPathComponent("cert.pem").path,
        ])
        try #require(result.status == 0, "openssl: \(result.error)")
    }

    private func writeConfiguration(webhookPort: Int) throws {
        let intel = TestPaths.packageRoot.appendingPathComponent("config/intel/example.txt").path
        try """
            listeners:
              - {name: udp, transport: udp, address: 127.0.0.1, port: \(ports.udp)}
              - {name: tcp, transport: tcp, address: 127.0.0.1, port: \(ports.tcp)}
              - name: tls
                transport: tls
                address: 127.0.0.1
                port: \(ports.tls)
                tls: {certificate: cert.pem, key: key.pem}
            detection:
              threat_intel: {files: [\(intel), intel.txt]}
            alerts:
              journal: false
              json_lines: alerts.jsonl
              outbox: {path: state/outbox.jsonl}
              webhooks:
                - {name: soc, url: "http://127.0.0.1:\(webhookPort)/hook", batch_interval: 100ms, timeout: 2s}
            metrics: {listen: "127.0.0.1:\(ports.metrics)"}
            pipeline: {workers: 2}
            state: {directory: state}
            """.write(to: folder.appendingPathComponent("wfpwatch.yaml"), atomically: true, encoding: .utf8)
        try "192.0.2.0/24\n".write(to: folder.appendingPathComponent("intel.txt"), atomically: true, encoding: .utf8)
    }

    /// An intel hit over TCP and one over UDP (logger), and plain text to the TLS port.
    func sendTraffic() throws {
        let tcp = try TCPClient(port: ports.tcp)
        try tcp.send(ReloadServeProcess.connectionLine(image: "beacon.exe", destination: "192.0.2.1", second: 1))

        // logger writes its own syslog header: the file holds the NXLog JSON alone.
        let line = folder.appendingPathComponent("udp.log")
        let message = ReloadServeProcess.connectionLine(image: "other.exe", destination: "192.0.2.9", second: 2)
        try Data(message.drop { $0 != UInt8(ascii: "{") }).write(to: line)
        let logger = try Logger.send(line, transport: "udp", port: ports.udp)
        try #require(logger.status == 0, "logger: \(logger.error)")

        let plain = try TCPClient(port: ports.tls)
        try plain.send(Array("<14>1 not a TLS client hello\n".utf8))
    }

    func scrape() throws -> String {
        let curl = URL(fileURLWithPath: "/usr/bin/curl")
        return try ProcessRunner.run(curl, ["-sf", "http://127.0.0.1:\(ports.metrics)/metrics"]).output
    }

    func stop() -> Int32 {
        process.terminateAndWait()
    }

    deinit {
        process.discard(folder: folder)
    }
}
