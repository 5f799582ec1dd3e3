import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// `wfpwatch serve` with its metrics endpoint on a free loopback port and systemd's watchdog
// asked for through WATCHDOG_USEC, read with curl and `wfpwatch status`.

@Suite(.serialized, .timeLimit(.minutes(2)))
struct MetricsEndToEndTests {
    @Test func metricsEndpoint_servesPrometheusText_whoseCountersRiseAfterLoggerSends() throws {
        let serve = try MetricsServe()
        defer { _ = serve.stop() }

        let before = try curl(serve.metricsURL)
        #expect(before.status == 0, "curl: \(before.error)")
        #expect(before.output.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(before.output.contains("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        let beforeSamples = try ExpositionLines.check(body(before.output))
        #expect(beforeSamples["wfpwatch_received_messages_total{listener=\"tcp\",transport=\"tcp\"}"] == 0)
        #expect(beforeSamples["wfpwatch_build_info{version=\"\(WFPWatchVersionText.current)\"}"] == 1)

        let capture = try #require(realCaptures.first, "no captures in \(TestPaths.shared.path)")
        let logger = try Logger.send(capture, transport: "tcp", port: serve.syslogPort)
        #expect(logger.status == 0, "logger: \(logger.error)")
        let lines = try lineCount(capture)

        // The counters rise as the daemon gets through the capture.
        var after: [String: Double] = [:]
        for _ in 0..<100 {
            after = try ExpositionLines.check(body(try curl(serve.metricsURL).output))
            let accounted = ["wfpwatch_events_total", "wfpwatch_events_skipped_total", "wfpwatch_parse_failures_total"]
                .map { ExpositionLines.sum($0, in: after) }.reduce(0, +)
            if Int(accounted) == lines { break }
            usleep(100_000)
        }
        #expect(after["wfpwatch_received_messages_total{listener=\"tcp\",transport=\"tcp\"}"] == Double(lines))
        #expect((after["wfpwatch_received_bytes_total{listener=\"tcp\",transport=\"tcp\"}"] ?? 0) > 1000)
        #expect(ExpositionLines.sum("wfpwatch_events_total", in: after) > 0)
        #expect(after["wfpwatch_connections_accepted_total{listener=\"tcp\",transport=\"tcp\"}"] == 1)
    }

    @Test func metricsEndpoint_answers404ElsewhereAnd405ToPost() throws {
        let serve = try MetricsServe()
        defer { _ = serve.stop() }

        let other = try curl(serve.metricsURL.replacingOccurrences(of: "/metrics", with: "/status"))
        #expect(other.output.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        let post = try curl(serve.metricsURL, ["-X", "POST"])
        #expect(post.output.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))

        // An endless request head is cut off at the bound, and the endpoint still answers.
        let client = try TCPClient(port: serve.metricsPort)
        try? client.send(Array(repeating: UInt8(ascii: "A"), count: 20_000))
        let after = try curl(serve.metricsURL)
        #expect(after.output.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(after.output.contains("wfpwatch_metrics_requests_total{code=\"404\"} 1\n"))
        #expect(after.output.contains("wfpwatch_metrics_requests_total{code=\"405\"} 1\n"))
    }

    @Test func metricsEndpoint_answersAScraper_whileSilentClientsHoldConnectionsOpen() throws {
        let serve = try MetricsServe()
        defer { _ = serve.stop() }

        // Fifty clients connect and say nothing; each may hold a slot for the request timeout.
        let silent = try (0..<50).map { _ in try TCPClient(port: serve.metricsPort) }
        let started = Date()
        let scrape = try curl(serve.metricsURL)
        #expect(scrape.output.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(Date().timeIntervalSince(started) < 5)
        withExtendedLifetime(silent) {}
    }

    @Test func statusCommand_summarizesTheRunningDaemon_andExits69WhenItIsGone() throws {
        let serve = try MetricsServe()
        let logger = try Logger.send(try #require(realCaptures.first), transport: "tcp", port: serve.syslogPort)
        #expect(logger.status == 0)
        usleep(500_000)

        let status = try ProcessRunner.wfpwatch(["status", "--metrics", serve.metricsURL])
        #expect(status.status == 0, "\(status.error)")
        let lines = status.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("wfpwatch \(WFPWatchVersionText.current) at 127.0.0.1:\(serve.metricsPort), up ")
            == true, "\(status.output)")
        #expect(lines.contains { $0.hasPrefix("listener tcp (tcp): ") && !$0.hasPrefix("listener tcp (tcp): 0 ") })
        #expect(lines.contains { $0.hasPrefix("events: ") })
        #expect(lines.contains { $0.hasPrefix("alerts: ") })
        #expect(lines.contains { $0.hasPrefix("correlation: tracked keys ") })

        let fromConfig = try ProcessRunner.wfpwatch(["status", "--config", serve.configPath])
        #expect(fromConfig.status == 0 && fromConfig.output.hasPrefix("wfpwatch "))

        #expect(serve.stop() == 0)
        let gone = try ProcessRunner.wfpwatch(["status", "--metrics", serve.metricsURL])
        #expect(gone.status == 69)
        #expect(gone.error.contains("127.0.0.1:\(serve.metricsPort)") && gone.error.contains("Connection refused"))
    }

    @Test func serve_sendsWatchdogPings_atHalfTheWatchdogInterval() throws {
        let serve = try MetricsServe(watchdogMicroseconds: 1_000_000)
        defer { _ = serve.stop() }

        let started = Date()
        var pings = 0
        while pings < 4 && Date().timeIntervalSince(started) < 10 {
            if let message = serve.notify.receive(), message.split(separator: "\n").contains("WATCHDOG=1") { pings += 1 }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(pings == 4)
        #expect(elapsed > 1.0 && elapsed < 4.0, "4 pings every 0.5 s took \(elapsed) s")
    }

    // MARK: Helpers

    private func curl(_ url: String, _ extra: [String] = []) throws -> ProcessResult {
        try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "-i", "--max-time", "5"] + extra + [url])
    }

    private func body(_ response: String) throws -> String {
        let range = try #require(response.range(of: "\r\n\r\n"))
        return String(response[range.upperBound...])
    }
}

/// The version the built binary reports, as `wfpwatch_build_info` carries it.
enum WFPWatchVersionText {
    static let current: String = {
        let result = try? ProcessRunner.wfpwatch(["--version"])
        return result?.output.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "wfpwatch ", with: "")
            ?? "?"
    }()
}
