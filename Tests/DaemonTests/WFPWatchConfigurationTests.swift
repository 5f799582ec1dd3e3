import Detection
import Foundation
import Receiving
import Testing
import WFPCore

@testable import Daemon

@Test func shippedConfiguration_loadsWithDocumentedDefaults() throws {
    let path = TestPaths.packageRoot.appendingPathComponent("config/wfpwatch.yaml").path
    let configuration = try WFPWatchConfiguration.load(path: path)

    #expect(configuration.listeners.map(\.name) == ["udp", "tcp"])
    #expect(configuration.listeners.allSatisfy { $0.address == "127.0.0.1" && $0.port == 5514 })
    #expect(configuration.listeners[1].idleTimeout == .seconds(600))
    #expect(configuration.detection == shippedDetection(intelFile: TestPaths.packageRoot.path + "/config/intel/example.txt"))
    #expect(configuration.alerts.suppressionWindow == .seconds(600))
    #expect(configuration.alerts.journal)
    #expect(configuration.alerts.jsonLinesPath == nil)
    #expect(configuration.pipeline.queueEvents == 16_384)
    #expect(configuration.logLevel == .info)
}

/// The shipped file spells out the built-in detection lists; they must stay equal.
private func shippedDetection(intelFile: String) -> DetectionConfiguration {
    var detection = DetectionConfiguration()
    detection.threatIntel.files = [intelFile]
    return detection
}

@Test func emptyConfiguration_takesDefaults() throws {
    let configuration = try parse("")
    #expect(configuration == WFPWatchConfiguration())
}

@Test func configuration_readsEveryListenerKey() throws {
    let configuration = try parse("""
        listeners:
          - name: edge
            transport: tcp
            address: "::1"
            port: 6514
            max_message_bytes: 1_048_576
            max_connections: 10
            idle_timeout: 1h30m
            receive_buffer_bytes: 8192
            time_zone: "-05:30"
        """)
    let listener = try #require(configuration.listeners.first)
    #expect(listener == ListenerConfiguration(
        name: "edge", transport: .tcp, address: "::1", port: 6514, maximumMessageBytes: 1_048_576,
        maximumConnections: 10, idleTimeout: .seconds(5400), receiveBufferBytes: 8192,
        timeZoneOffsetSeconds: -19_800))
}

@Test func configuration_resolvesRelativeIntelAndJSONPathsAgainstItsFolder() throws {
    let configuration = try parse("""
        detection:
          threat_intel: {files: [intel/a.txt, /var/lib/b.txt]}
        alerts: {json_lines: alerts.jsonl}
        """)
    #expect(configuration.detection.threatIntel.files == ["/etc/wfpwatch/intel/a.txt", "/var/lib/b.txt"])
    #expect(configuration.alerts.jsonLinesPath == "/etc/wfpwatch/alerts.jsonl")
}

@Test func configuration_readsRuleSettings() throws {
    let configuration = try parse("""
        detection:
          suspicious_process: {enabled: false, severity: low, images: [PowerShell.EXE], parents: [WinWord.exe]}
          high_risk_port: {public_severity: critical, scopes: [public], ports: [4444, 8443]}
        pipeline: {workers: 3, queue_events: 100}
        log_level: debug
        """)
    #expect(configuration.detection.suspiciousProcess.parents == ["winword.exe"])
    #expect(configuration.detection.suspiciousProcess.enabled == false)
    #expect(configuration.detection.suspiciousProcess.severity == .low)
    #expect(configuration.detection.suspiciousProcess.images == ["powershell.exe"])
    #expect(configuration.detection.highRiskPort.publicSeverity == .critical)
    #expect(configuration.detection.highRiskPort.scopes == [.public])
    #expect(configuration.detection.highRiskPort.ports == [4444, 8443])
    #expect(configuration.pipeline.workers == 3)
    #expect(configuration.logLevel == .debug)
}

@Test func configuration_rejectsPortOutOfRange_withFileLineAndKey() {
    let text = "listeners:\n  - transport: udp\n    port: 70000\n"
    #expect(rejection(text) == "test.yaml:3: listeners[0].port: 70000 is out of range (allowed 1...65535)")
}

@Test func configuration_rejectsQuotedPort() {
    let text = "listeners:\n  - transport: udp\n    port: \"514\"\n"
    #expect(rejection(text) == "test.yaml:3: listeners[0].port: expected a whole number in 1...65535, found '514'")
}

@Test func configuration_rejectsUnknownKey_listingAllowedKeys() {
    let text = "alerts:\n  journal: true\n  jsonlines: out.jsonl\n"
    #expect(
        rejection(text)
            == "test.yaml:3: alerts.jsonlines: unknown key "
            + "(allowed: suppression_window, journal, json_lines, webhooks, outbox)")
}

@Test func configuration_rejectsBadDuration() {
    let text = "alerts:\n  suppression_window: 10 minutes\n"
    #expect(rejection(text)
        == "test.yaml:2: alerts.suppression_window: '10 minutes' is not a duration (write a number and a unit: ms, s, m, h, d; e.g. 30s, 10m)")
}

@Test func configuration_rejectsDurationOverLimit() {
    let text = "alerts:\n  suppression_window: 8d\n"
    #expect(rejection(text) == "test.yaml:2: alerts.suppression_window: 8d is out of range (allowed 0s...7d)")
}

@Test func configuration_rejectsBadSeverity() {
    let text = "detection:\n  high_risk_port:\n    severity: severe\n"
    #expect(rejection(text)
        == "test.yaml:3: detection.high_risk_port.severity: 'severe' is not allowed (allowed: info, low, medium, high, critical)")
}

@Test func configuration_rejectsBadScopeInList() {
    let text = "detection:\n  threat_intel:\n    scopes:\n      - public\n      - internet\n"
    #expect(rejection(text)?.hasPrefix("test.yaml:5: detection.threat_intel.scopes[1]: 'internet' is not allowed") == true)
}

@Test func configuration_rejectsMalformedYAML_withLine() {
    let text = "listeners:\n  - transport: udp\n   port: 5514\n"
    let message = rejection(text)
    #expect(message?.hasPrefix("test.yaml:3: malformed YAML: ") == true)
}

@Test func configuration_rejectsBadTimeZoneAndAddress() {
    #expect(rejection("listeners:\n  - {transport: tcp, time_zone: CEST}\n")
        == "test.yaml:2: listeners[0].time_zone: 'CEST' is not a time zone (allowed: UTC, or an offset from -14:00 to +14:00 like +02:00)")
    #expect(rejection("listeners:\n  - {transport: tcp, address: localhost}\n")?
        .hasPrefix("test.yaml:2: listeners[0].address: 'localhost' is not a numeric IPv4 or IPv6 address") == true)
}

@Test func configuration_rejectsMissingTransportAndDuplicateNames() {
    #expect(rejection("listeners:\n  - port: 514\n") == "test.yaml:2: listeners[0]: missing required key 'transport'")
    #expect(rejection("listeners:\n  - {name: a, transport: tcp}\n  - {name: a, transport: udp}\n")
        == "test.yaml:3: listeners[1]: listener name 'a' is used twice (names must be unique)")
}

@Test func configuration_rejectsDuplicateKeyAndBadBoolean() {
    #expect(rejection("log_level: info\nlog_level: debug\n") == "test.yaml:2: log_level: key appears twice in the same map")
    #expect(rejection("alerts:\n  journal: yes\n") == "test.yaml:2: alerts.journal: 'yes' is not a boolean (allowed: true, false)")
}

@Test func configuration_reportsUnreadableFileWithoutLine() {
    #expect(throws: ConfigurationError.self) { try WFPWatchConfiguration.load(path: "/nonexistent/wfpwatch.yaml") }
    do {
        _ = try WFPWatchConfiguration.load(path: "/nonexistent/wfpwatch.yaml")
    } catch {
        #expect(error.description == "/nonexistent/wfpwatch.yaml: cannot be read (No such file or directory)")
    }
}

@Test func durationText_readsUnitsAndFormatsShortest() {
    #expect(DurationText.parse("250ms") == .milliseconds(250))
    #expect(DurationText.parse("1h30m") == .seconds(5400))
    #expect(DurationText.parse("10") == nil)
    #expect(DurationText.parse("5 m") == nil)
    #expect(DurationText.format(.seconds(5400)) == "1h30m")
    #expect(DurationText.format(.zero) == "0s")
}

@Test func yamlDocument_resolvesAliasesAndKeepsLines() throws {
    let node = try YAMLDocument.parse("a: &x [1, 2]\nb: *x\n")
    guard case .mapping(let entries, _) = node else {
        Issue.record("not a mapping")
        return
    }
    #expect(entries.map(\.key.text) == ["a", "b"])
    #expect(entries[1].key.line == 2)
    #expect(entries[0].value == entries[1].value)
}
