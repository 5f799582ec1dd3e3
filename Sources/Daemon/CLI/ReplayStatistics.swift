import WFPCore

/// The `replay --stats` summary: events by kind, skipped messages by reason, decode failures
/// by reason, invalid UTF-8 and truncated messages, alerts by rule, each with its total; then
/// the correlation engine's tracked, evicted and expired keys, late and future events, and
/// events the allowlist silenced; last the share of connections joined to their process's
/// creation record, of those whose creation is in the input.
package enum ReplayStatistics {
    package static func render(_ metrics: MetricsRegistry) -> String {
        let counters = metrics.counterValues()
        func line(_ title: String, _ name: String, label: String? = nil) -> String {
            "\(title): \(CounterSummary.text(counters, name: name, label: label))\n"
        }

        return line("events", "wfpwatch_events_total", label: "kind")
            + line("skipped", "wfpwatch_events_skipped_total", label: "reason")
            + line("parse failures", "wfpwatch_parse_failures_total", label: "reason")
            + line("invalid utf-8", "wfpwatch_invalid_utf8_messages_total")
            + line("truncated", "wfpwatch_truncated_messages_total")
            + line("alerts", "wfpwatch_alerts_total", label: "rule")
            + correlation(CorrelationTotals(metrics))
            + "process join: \(EnrichmentCounters.summary(metrics))\n"
    }

    private static func correlation(_ totals: CorrelationTotals) -> String {
        "tracked keys: \(totals.trackedKeys)\nevicted keys: \(totals.evictedKeys)\n"
            + "expired keys: \(totals.expiredKeys)\nlate events: \(totals.lateEvents)\n"
            + "future events: \(totals.futureEvents)\nallowlisted events: \(totals.allowlistedEvents)\n"
    }
}
