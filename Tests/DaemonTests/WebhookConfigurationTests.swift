import Alerting
import Detection
import Foundation
import Testing

@testable import Daemon

struct WebhookConfigurationTests {
    private let folder: String = {
        let path = NSTemporaryDirectory() + "webhook-config-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private func parse(_ text: String) throws(ConfigurationError) -> WFPWatchConfiguration {
        try WFPWatchConfiguration.parse(text, file: "test.yaml", baseDirectory: folder)
    }

    private func rejection(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func configuration_readsEveryWebhookKey_andTheOutbox() throws {
        try "t0ken-from-file\n".write(toFile: folder + "/hook.secret", atomically: true, encoding: .utf8)
        let configuration = try parse(
            """
            alerts:
              outbox: {path: spool/outbox.jsonl, max_bytes: 1048576, keep: oldest}
              webhooks:
                - name: soc
                  url: https://hooks.example.com/wfpwatch?key=abc
                  format: slack
                  headers: {Authorization: "Bearer ${secret}", X-Team: blue}
                  secret_file: hook.secret
                  signature_header: X-Signature
                  timestamp_header: X-Timestamp
                  batch_max: 20
                  batch_interval: 5s
                  timeout: 15s
                  min_severity: high
                  rules: [threat_intel, beacon]
                  retry_initial: 500ms
                  retry_max: 2m
                - name: archive
                  url: http://127.0.0.1:8080/alerts
                  dead_letter: /var/tmp/archive.dead.jsonl
            """)
        let alerts = configuration.alerts
        #expect(
            alerts.outbox
                == OutboxConfiguration(path: folder + "/spool/outbox.jsonl", maximumBytes: 1_048_576, keep: .oldest))
        #expect(alerts.webhooks.map(\.name) == ["soc", "archive"])

        let soc = alerts.webhooks[0]
        #expect(soc.url == "https://hooks.example.com/wfpwatch?key=abc")
        #expect(soc.format == .slack)
        #expect(
            soc.headers == [
                .init(name: "Authorization", value: "Bearer ${secret}"), .init(name: "X-Team", value: "blue"),
            ])
        #expect(soc.secret == WebhookSecret("t0ken-from-file"))
        #expect((soc.signatureHeader, soc.timestampHeader) == ("X-Signature", "X-Timestamp"))
        #expect((soc.batchMaximum, soc.batchInterval, soc.timeout) == (20, .seconds(5), .seconds(15)))
        #expect((soc.initialBackoff, soc.maximumBackoff) == (.milliseconds(500), .seconds(120)))
        #expect(soc.minimumSeverity == .high)
        #expect(soc.rules == ["threat_intel", "beacon"])
        #expect(soc.deadLetterPath == folder + "/spool/soc.dead-letter.jsonl")

        let archive = alerts.webhooks[1]
        #expect(archive.format == .json && archive.secret == nil)
        #expect(archive.deadLetterPath == "/var/tmp/archive.dead.jsonl")
    }

    @Test func configuration_withoutOutboxPath_usesTheStateDirectory() throws {
        let installed = try WFPWatchConfiguration.parse(
            "alerts: {webhooks: [{name: a, url: 'http://127.0.0.1:9/'}]}", file: "t.yaml",
            baseDirectory: "/etc/wfpwatch")
        let expected = ProcessInfo.processInfo.environment["STATE_DIRECTORY"].map { $0 + "/outbox.jsonl" }
        #expect(installed.alerts.outbox.path == expected ?? "/var/lib/wfpwatch/outbox.jsonl")

        let sourceTree = try parse("alerts: {webhooks: [{name: a, url: 'http://127.0.0.1:9/'}]}")
        #expect(
            sourceTree.alerts.outbox.path == expected ?? FileManager.default.currentDirectoryPath
                + "/state/outbox.jsonl")
    }

    @Test func configuration_readsSecretFromEnvironment_andNeverPrintsIt() throws {
        setenv("WFPWATCH_TEST_WEBHOOK_SECRET", "env-s3cret-value", 1)
        defer { unsetenv("WFPWATCH_TEST_WEBHOOK_SECRET") }
        let configuration = try parse(
            """
            alerts: {webhooks: [{name: a, url: 'http://127.0.0.1:9/', secret_env: WFPWATCH_TEST_WEBHOOK_SECRET}]}
            """)
        #expect(configuration.alerts.webhooks[0].secret?.value == "env-s3cret-value")
        #expect(!"\(configuration)".contains("env-s3cret-value"))
        #expect(!String(reflecting: configuration).contains("env-s3cret-value"))
    }

    @Test(arguments: [
        ("alerts:\n  webhooks:\n    - {name: a}", "test.yaml:3: alerts.webhooks[0]: missing required key 'url'"),
        ("alerts:\n  webhooks:\n    - {name: a, url: 'ftp://x/'}", "scheme 'ftp' is not allowed"),
        ("alerts:\n  webhooks:\n    - {name: 'a b', url: 'http://x/'}", "is not a webhook name"),
        ("alerts:\n  webhooks:\n    - {name: a, url: 'http://x/', batch_max: 0}", "alerts.webhooks[0].batch_max"),
        ("alerts:\n  webhooks:\n    - {name: a, url: 'http://x/', format: xml}", "(allowed: json, slack)"),
        (
            "alerts:\n  webhooks:\n    - {name: a, url: 'http://x/', colour: red}",
            "alerts.webhooks[0].colour: unknown key"
        ),
        (
            "alerts:\n  webhooks:\n    - {name: a, url: 'http://x/', secret_env: WFPWATCH_UNSET_VARIABLE_X}",
            "environment variable WFPWATCH_UNSET_VARIABLE_X is not set or empty"
        ),
        ("alerts:\n  webhooks:\n    - {name: a, url: 'http://x/', secret_file: missing.secret}", "cannot be read"),
        ("alerts:\n  webhooks:\n    - {name: a, url: 'http://x/', secret_file: f, secret_env: E}", "not both"),
        ("alerts:\n  webhooks:\n    - {name: a, url: 'http://x/'}\n    - {name: a, url: 'http://y/'}", "used twice"),
        ("alerts:\n  webhooks:\n    - {name: a, url: 'http://x/', headers: {'X-A': \"1\\r\\nX-B: 2\"}}", "line break"),
        ("alerts:\n  outbox: {keep: middle}", "test.yaml:2: alerts.outbox.keep: 'middle' is not allowed"),
        ("alerts:\n  outbox: {max_bytes: 100}", "out of range (allowed 65536"),
    ])
    func configuration_rejectsBadWebhookSettings_withFileLineAndKey(text: String, expected: String) {
        let message = rejection(text)
        #expect(message?.contains(expected) == true, "\(message ?? "accepted")")
    }
}

extension WebhookConfigurationTests {
    /// The commented outbox and webhook example in the shipped file, uncommented, is valid
    /// (its secret file left out: it exists only on a configured host).
    @Test func shippedConfiguration_commentedWebhookExample_parses() throws {
        let path = TestPaths.packageRoot.appendingPathComponent("config/wfpwatch.yaml").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == "  # outbox:" })
        let example = lines[start...].prefix { $0.hasPrefix("  # ") }
            .filter { !$0.contains("secret_file") }
            .map { "  " + $0.dropFirst(4) }
        let configuration = try parse("alerts:\n" + example.joined(separator: "\n"))

        #expect(configuration.alerts.outbox.path == "/var/lib/wfpwatch/outbox.jsonl")
        #expect(configuration.alerts.webhooks.map(\.name) == ["soc"])
        #expect(configuration.alerts.webhooks.first?.minimumSeverity == .medium)
    }
}
