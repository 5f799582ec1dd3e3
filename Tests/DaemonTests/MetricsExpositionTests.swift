import Foundation
import Testing
import WFPCore

@testable import Daemon

@Test func metricsExposition_writesHelpTypeAndSamples_groupedByName() {
    let registry = MetricsRegistry()
    registry.counter("wfpwatch_events_total", ["kind": "connection"]).add(3)
    registry.counter("wfpwatch_events_total", ["kind": "dns_query"]).add(2)
    registry.gauge("wfpwatch_queue_events", ["worker": "0"]).set(7)

    let lines = MetricsExposition.text(registry).split(separator: "\n").map(String.init)
    #expect(lines == [
        "# HELP wfpwatch_events_total Messages that became a normalized event, by kind.",
        "# TYPE wfpwatch_events_total counter",
        "wfpwatch_events_total{kind=\"connection\"} 3",
        "wfpwatch_events_total{kind=\"dns_query\"} 2",
        "# HELP wfpwatch_queue_events Events waiting in a detection worker's queue.",
        "# TYPE wfpwatch_queue_events gauge",
        "wfpwatch_queue_events{worker=\"0\"} 7",
    ])
}

@Test func metricsExposition_escapesLabelValues_andStatusReadsThemBack() {
    let registry = MetricsRegistry()
    let awkward = "a \"quoted\" back\\slash\nnew line"
    registry.counter("wfpwatch_alerts_total", ["rule": awkward, "severity": "high"]).add(4)

    let text = MetricsExposition.text(registry)
    #expect(text.contains("rule=\"a \\\"quoted\\\" back\\\\slash\\nnew line\""))
    #expect(!text.dropLast().contains("\nnew line"), "a raw line feed would split the sample")

    let samples = StatusReport.parse(text)
    #expect(samples == [StatusReport.Sample(
        name: "wfpwatch_alerts_total", labels: ["rule": awkward, "severity": "high"], value: 4)])
}

@Test func metricsExposition_unknownName_getsGenericHelp() {
    let registry = MetricsRegistry()
    registry.counter("wfpwatch_something_new_total").add()
    let text = MetricsExposition.text(registry)
    #expect(text == "# HELP wfpwatch_something_new_total wfpwatch metric wfpwatch_something_new_total.\n"
        + "# TYPE wfpwatch_something_new_total counter\nwfpwatch_something_new_total 1\n")
}

@Test(arguments: [
    ("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", MetricsHTTPRequest.Outcome.metrics(headOnly: false)),
    ("GET /metrics?x=1 HTTP/1.0\r\n\r\n", .metrics(headOnly: false)),
    ("HEAD /metrics HTTP/1.1\r\n\r\n", .metrics(headOnly: true)),
    ("GET / HTTP/1.1\r\n\r\n", .notFound),
    ("GET /metricsx HTTP/1.1\r\n\r\n", .notFound),
    ("POST /metrics HTTP/1.1\r\n\r\n", .methodNotAllowed),
    ("GET /metrics\r\n\r\n", .badRequest),
    ("\u{16}\u{03}\u{01}garbage\r\n\r\n", .badRequest),
])
func metricsHTTPRequest_answersEachRequestLine(_ request: String, _ expected: MetricsHTTPRequest.Outcome) {
    let bytes = Array(request.utf8)
    bytes.withUnsafeBytes { raw in
        #expect(MetricsHTTPRequest.headEnd(raw) == bytes.count)
        #expect(MetricsHTTPRequest.outcome(raw) == expected)
    }
}

@Test func metricsHTTPRequest_incompleteHead_hasNoEnd() {
    Array("GET /metrics HTTP/1.1\r\nHost: x\r\n".utf8).withUnsafeBytes { #expect(MetricsHTTPRequest.headEnd($0) == nil) }
}

@Test func metricsConfiguration_readsListenAndEnabled() throws {
    let configuration = try WFPWatchConfiguration.parse(
        "metrics: {listen: \"[::1]:9600\", enabled: false}\n", file: "t.yaml", baseDirectory: "/")
    #expect(configuration.metrics.address == "::1")
    #expect(configuration.metrics.port == 9600)
    #expect(configuration.metrics.enabled == false)
    #expect(configuration.metrics.listenText == "[::1]:9600")

    let defaults = try WFPWatchConfiguration.parse("log_level: info\n", file: "t.yaml", baseDirectory: "/")
    #expect(defaults.metrics.listenText == "127.0.0.1:9514")
    #expect(defaults.metrics.enabled)
}

@Test(arguments: ["localhost:9514", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "::1:9514"])
func metricsConfiguration_rejectsListen_naming(_ listen: String) {
    #expect {
        _ = try WFPWatchConfiguration.parse("metrics:\n  listen: \"\(listen)\"\n", file: "t.yaml", baseDirectory: "/")
    } throws: { error in
        let text = "\(error)"
        return text.contains("t.yaml:2") && text.contains("metrics.listen") && text.contains(listen)
    }
}

@Test func statusCommand_parsesMetricsURLForms() {
    #expect(StatusCommand.parseURL("http://127.0.0.1:9514/metrics")! == ("127.0.0.1", 9514))
    #expect(StatusCommand.parseURL("http://[::1]:9600")! == ("::1", 9600))
    #expect(StatusCommand.parseURL("127.0.0.1:1")! == ("127.0.0.1", 1))
    #expect(StatusCommand.parseURL("http://127.0.0.1:9514/other") == nil)
    #expect(StatusCommand.parseURL("https://example.org/metrics") == nil)
}

@Test func statusReport_summarizesListenersEventsAndAlertsByRule() {
    let text = """
        wfpwatch_build_info{version="9.9"} 1
        wfpwatch_start_time_seconds 1000
        wfpwatch_received_messages_total{listener="tcp",transport="tcp"} 12
        wfpwatch_received_bytes_total{listener="tcp",transport="tcp"} 3400
        wfpwatch_open_connections{listener="tcp",transport="tcp"} 2
        wfpwatch_events_total{kind="connection"} 9
        wfpwatch_events_total{kind="dns_query"} 0
        wfpwatch_alerts_total{rule="threat_intel",severity="critical"} 2
        wfpwatch_alerts_total{rule="threat_intel",severity="high"} 1
        wfpwatch_sink_deliveries_total{sink="journal"} 3
        """
    let report = StatusReport(samples: StatusReport.parse(text), now: Date(timeIntervalSince1970: 1000 + 3725))
    let lines = report.text(endpoint: "127.0.0.1:9514").split(separator: "\n")
    #expect(lines.first == "wfpwatch 9.9 at 127.0.0.1:9514, up 1h 2m")
    #expect(lines.contains("listener tcp (tcp): 12 messages, 3400 bytes, 0 frames truncated; "
        + "connections open 2, accepted 0, refused 0"))
    #expect(lines.contains("events: 9 (connection 9)"))
    #expect(lines.contains("alerts: 3 (threat_intel 3 [critical 2, high 1])"))
    #expect(lines.contains("sink journal: delivered 3, failed 0"))
}

@Test func statusReport_listsEachWebhookSinkWithDeliveriesFailuresAndQueue() {
    let text = """
        wfpwatch_sink_deliveries_total{sink="journal"} 3
        wfpwatch_webhook_alerts_delivered_total{sink="soc"} 40
        wfpwatch_webhook_requests_delivered_total{sink="soc"} 4
        wfpwatch_webhook_failures_total{sink="soc"} 2
        wfpwatch_webhook_retries_total{sink="soc"} 1
        wfpwatch_webhook_dead_letter_alerts_total{sink="soc"} 5
        wfpwatch_webhook_queued_alerts{sink="soc"} 7
        wfpwatch_webhook_queue_dropped_total{sink="soc"} 0
        wfpwatch_webhook_queued_alerts{sink="chat"} 0
        """
    let report = StatusReport(samples: StatusReport.parse(text), now: Date(timeIntervalSince1970: 0))
    let lines = report.text(endpoint: "127.0.0.1:9514").split(separator: "\n")
    #expect(lines.contains("webhook soc: delivered 40 alerts in 4 requests, failures 2, retries 1, "
        + "dead letters 5, queue 7, queue dropped 0"))
    #expect(lines.contains("webhook chat: delivered 0 alerts in 0 requests, failures 0, retries 0, "
        + "dead letters 0, queue 0, queue dropped 0"))
}
