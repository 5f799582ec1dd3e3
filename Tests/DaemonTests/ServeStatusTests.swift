import Testing
import WFPCore

@testable import Daemon

@Test func serveStatus_showsBadInputCountersBesideEventsAndAlerts() {
    let metrics = MetricsRegistry()
    metrics.counter("wfpwatch_events_total", ["kind": "connection"]).add(7)
    metrics.counter("wfpwatch_events_skipped_total", ["reason": "not_windows_event"]).add(3)
    metrics.counter("wfpwatch_events_skipped_total", ["reason": "event_not_analysed"]).add(2)
    metrics.counter("wfpwatch_parse_failures_total", ["reason": "malformed_payload"]).add(1)
    metrics.counter("wfpwatch_truncated_messages_total").add(4)
    metrics.counter("wfpwatch_invalid_utf8_messages_total").add(5)
    metrics.counter("wfpwatch_connections_refused_total", ["listener": "tcp", "reason": "limit"]).add(6)
    metrics.counter("wfpwatch_alerts_total", ["rule": "high_risk_port"]).add(8)

    let status = ServeStatus(metrics)
    #expect(status.text == "events 7, skipped 5 (event_not_analysed 2, not_windows_event 3), decode failures 1, "
        + "truncated 4, invalid utf-8 5, connections refused 6, alerts 8; tracked keys 0, evicted 0, expired 0, "
        + "late 0, future 0, allowlisted 0")
    let fields = Dictionary(uniqueKeysWithValues: status.fields)
    #expect(fields["skipped"] == "5")
    #expect(fields["truncated"] == "4")
    #expect(fields["invalid_utf8"] == "5")
    #expect(fields["connections_refused"] == "6")
}

@Test func serveStatus_showsZerosBeforeAnythingArrives() {
    #expect(ServeStatus(MetricsRegistry()).text == "events 0, skipped 0, decode failures 0, truncated 0, "
        + "invalid utf-8 0, connections refused 0, alerts 0; tracked keys 0, evicted 0, expired 0, late 0, "
        + "future 0, allowlisted 0")
}

@Test func serveStatus_sumsCorrelationCountersOverWorkers() {
    let metrics = MetricsRegistry()
    for worker in ["0", "1"] {
        metrics.gauge(CorrelationCounters.trackedKeysName, ["worker": worker]).set(10)
        metrics.counter(CorrelationCounters.evictedKeysName, ["worker": worker]).add(2)
        metrics.counter(CorrelationCounters.expiredKeysName, ["worker": worker]).add(3)
        metrics.counter(CorrelationCounters.lateEventsName, ["worker": worker]).add(4)
        metrics.counter(CorrelationCounters.futureEventsName, ["worker": worker]).add(5)
        metrics.counter(CorrelationCounters.allowlistedEventsName, ["worker": worker]).add(6)
    }

    let status = ServeStatus(metrics)
    #expect(status.text.hasSuffix("alerts 0; tracked keys 20, evicted 4, expired 6, late 8, future 10, allowlisted 12"))
    let fields = Dictionary(uniqueKeysWithValues: status.fields)
    #expect(fields["tracked_keys"] == "20")
    #expect(fields["allowlisted_events"] == "12")
}
