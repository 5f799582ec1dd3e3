import WFPCore

/// The counters an operator sees while `serve` runs (STATUS=, shown by `systemctl status`) and
/// when it stops (the "stopped" log line): what arrived, what was skipped and why, what was bad
/// on the wire, the alerts raised, and the correlation engine's state summed over workers.
package struct ServeStatus {
    package var events = 0
    /// `12 (event_not_analysed 9, not_windows_event 3)`.
    package var skipped = "0"
    package var skippedTotal = 0
    package var decodeFailures = 0
    package var truncatedMessages = 0
    package var invalidUTF8Messages = 0
    package var connectionsRefused = 0
    package var alerts = 0
    package var correlation: CorrelationTotals

    package init(_ metrics: MetricsRegistry) {
        let counters = metrics.counterValues()
        func total(_ name: String) -> Int {
            counters.reduce(0) { $0 + ($1.0.name == name ? $1.1 : 0) }
        }

        events = total("wfpwatch_events_total")
        skipped = CounterSummary.text(counters, name: "wfpwatch_events_skipped_total", label: "reason")
        skippedTotal = total("wfpwatch_events_skipped_total")
        decodeFailures = total("wfpwatch_parse_failures_total")
        truncatedMessages = total("wfpwatch_truncated_messages_total")
        invalidUTF8Messages = total("wfpwatch_invalid_utf8_messages_total")
        connectionsRefused = total("wfpwatch_connections_refused_total")
        alerts = total("wfpwatch_alerts_total")
        correlation = CorrelationTotals(metrics)
    }

    /// `events 1650, skipped 210 (event_not_analysed 207, not_windows_event 3), decode failures 0,
    /// truncated 1, invalid utf-8 1, connections refused 0, alerts 14; tracked keys 120, evicted 0,
    /// expired 4, late 1, future 0, allowlisted 37`.
    package var text: String {
        "events \(events), skipped \(skipped), decode failures \(decodeFailures), truncated \(truncatedMessages), "
            + "invalid utf-8 \(invalidUTF8Messages), connections refused \(connectionsRefused), alerts \(alerts); "
            + correlation.text
    }

    /// The same counts as log fields.
    package var fields: [(String, String)] {
        [
            ("events", String(events)), ("skipped", String(skippedTotal)), ("decode_failures", String(decodeFailures)),
            ("truncated", String(truncatedMessages)), ("invalid_utf8", String(invalidUTF8Messages)),
            ("connections_refused", String(connectionsRefused)), ("alerts", String(alerts)),
            ("tracked_keys", String(correlation.trackedKeys)), ("evicted_keys", String(correlation.evictedKeys)),
            ("expired_keys", String(correlation.expiredKeys)), ("late_events", String(correlation.lateEvents)),
            ("future_events", String(correlation.futureEvents)),
            ("allowlisted_events", String(correlation.allowlistedEvents)),
        ]
    }
}
