import Foundation

extension StatusReport {
    /// The summary, one topic a line:
    ///
    ///     wfpwatch 0.1.0 at 127.0.0.1:9514, up 2h 5m
    ///     listener tcp (tcp): 1650 messages, 812345 bytes, 0 frames truncated; connections open 1, ...
    ///     events: 1650 (connection 1200, process_start 400, dns_query 50)
    ///     ...
    package func text(endpoint: String) -> String {
        var lines = [header(endpoint: endpoint)]
        lines += listenerLines()
        lines.append("events: " + breakdown("wfpwatch_events_total", by: "kind"))
        lines.append("skipped: " + breakdown("wfpwatch_events_skipped_total", by: "reason"))
        lines.append("failures: decode " + breakdown("wfpwatch_parse_failures_total", by: "reason")
            + ", truncated messages \(total("wfpwatch_truncated_messages_total"))"
            + ", invalid utf-8 \(total("wfpwatch_invalid_utf8_messages_total"))")
        lines.append("alerts: " + alertsByRule())
        lines += sinkLines()
        lines.append("detection: workers \(values(of: "worker", in: "wfpwatch_queue_events").count)"
            + ", queued events \(total("wfpwatch_queue_events"))"
            + ", full-queue waits \(total("wfpwatch_queue_full_waits_total"))"
            + ", watchdog stalls \(total("wfpwatch_watchdog_stalls_total"))")
        lines.append("correlation: tracked keys \(total("wfpwatch_correlation_tracked_keys"))"
            + ", evicted \(total("wfpwatch_correlation_evicted_keys_total"))"
            + ", expired \(total("wfpwatch_correlation_expired_keys_total"))"
            + ", late \(total("wfpwatch_correlation_late_events_total"))"
            + ", future \(total("wfpwatch_correlation_future_events_total"))"
            + ", allowlisted \(total("wfpwatch_allowlisted_events_total"))")
        return lines.joined(separator: "\n") + "\n"
    }

    private func header(endpoint: String) -> String {
        let version = samples.first { $0.name == "wfpwatch_build_info" }?.labels["version"] ?? "(unknown version)"
        var line = "wfpwatch \(version) at \(endpoint)"
        if let start = samples.first(where: { $0.name == "wfpwatch_start_time_seconds" })?.value, start > 0 {
            line += ", up " + Self.duration(seconds: Int(now.timeIntervalSince1970 - start))
        }
        return line
    }

    private func listenerLines() -> [String] {
        let names = values(of: "listener", in: "wfpwatch_received_messages_total")
        guard !names.isEmpty else { return ["listeners: none reported"] }
        return names.map { name in
            let only = ["listener": name]
            let received = samples.first {
                $0.name == "wfpwatch_received_messages_total" && $0.labels["listener"] == name
            }
            let transport = received?.labels["transport"] ?? "?"
            var line = "listener \(name) (\(transport)): \(total("wfpwatch_received_messages_total", only)) messages"
                + ", \(total("wfpwatch_received_bytes_total", only)) bytes"
                + ", \(total("wfpwatch_frames_truncated_total", only)) frames truncated"
            if transport == "tcp" {
                line += "; connections open \(total("wfpwatch_open_connections", only))"
                    + ", accepted \(total("wfpwatch_connections_accepted_total", only))"
                    + ", refused \(total("wfpwatch_connections_refused_total", only))"
            }
            return line
        }
    }

    /// `14 (threat_intel 3 [critical 3], suspicious_process 11 [high 8, medium 3])`.
    private func alertsByRule() -> String {
        let name = "wfpwatch_alerts_total"
        let rules = values(of: "rule", in: name).map { rule -> String in
            let severities = values(of: "severity", in: name).compactMap { severity -> String? in
                let count = total(name, ["rule": rule, "severity": severity])
                return count == 0 ? nil : "\(severity) \(count)"
            }
            return "\(rule) \(total(name, ["rule": rule])) [\(severities.joined(separator: ", "))]"
        }
        return rules.isEmpty ? "\(total(name))" : "\(total(name)) (\(rules.joined(separator: ", ")))"
    }

    private func sinkLines() -> [String] {
        let sinks = Set(values(of: "sink", in: "wfpwatch_sink_deliveries_total")
            + values(of: "sink", in: "wfpwatch_sink_failures_total")).sorted()
        var lines = sinks.map { sink in
            "sink \(sink): delivered \(total("wfpwatch_sink_deliveries_total", ["sink": sink]))"
                + ", failed \(total("wfpwatch_sink_failures_total", ["sink": sink]))"
        }
        lines += webhookLines()
        if let outbox = outboxLine() { lines.append(outbox) }
        return lines
    }

    /// `webhook soc: delivered 40 alerts in 4 requests, failures 2, retries 2, dead letters 0, queue 1,
    /// queue dropped 0`, one line per webhook sink.
    private func webhookLines() -> [String] {
        let sinks = Set(values(of: "sink", in: "wfpwatch_webhook_alerts_delivered_total")
            + values(of: "sink", in: "wfpwatch_webhook_queued_alerts")).sorted()
        return sinks.map { sink in
            let only = ["sink": sink]
            return "webhook \(sink): delivered \(total("wfpwatch_webhook_alerts_delivered_total", only)) alerts"
                + " in \(total("wfpwatch_webhook_requests_delivered_total", only)) requests"
                + ", failures \(total("wfpwatch_webhook_failures_total", only))"
                + ", retries \(total("wfpwatch_webhook_retries_total", only))"
                + ", dead letters \(total("wfpwatch_webhook_dead_letter_alerts_total", only))"
                + ", queue \(total("wfpwatch_webhook_queued_alerts", only))"
                + ", queue dropped \(total("wfpwatch_webhook_queue_dropped_total", only))"
        }
    }

    /// `outbox: pending 3 (1840 bytes), oldest 2m 5s, dropped 0, removed 1`; nil without webhooks.
    private func outboxLine() -> String? {
        guard samples.contains(where: { $0.name == "wfpwatch_outbox_entries" }) else { return nil }
        return "outbox: pending \(total("wfpwatch_outbox_entries")) (\(total("wfpwatch_outbox_bytes")) bytes)"
            + ", oldest " + Self.duration(seconds: total("wfpwatch_outbox_oldest_age_seconds"))
            + ", dropped \(total("wfpwatch_outbox_dropped_total"))"
            + ", removed \(total("wfpwatch_outbox_removed_total"))"
    }

    /// `3d 4h`, `2h 5m`, `4m 10s`, `9s`.
    package static func duration(seconds: Int) -> String {
        let seconds = max(0, seconds)
        let (days, hours, minutes) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(seconds % 60)s" }
        return "\(seconds)s"
    }
}
