import WFPCore

/// The `replay --stats` summary: events by kind, skipped messages by reason, decode failures
/// by reason, alerts by rule, each with its total.
package enum ReplayStatistics {
    package static func render(_ metrics: MetricsRegistry) -> String {
        let counters = metrics.counterValues()
        var text = ""
        text += line("events", counters, name: "wfpwatch_events_total", label: "kind")
        text += line("skipped", counters, name: "wfpwatch_events_skipped_total", label: "reason")
        text += line("parse failures", counters, name: "wfpwatch_parse_failures_total", label: "reason")
        text += line("invalid utf-8", counters, name: "wfpwatch_invalid_utf8_messages_total", label: nil)
        text += line("truncated", counters, name: "wfpwatch_truncated_messages_total", label: nil)
        text += line("alerts", counters, name: "wfpwatch_alerts_total", label: "rule")
        return text
    }

    /// `events: 12 (connection 10, process_start 2)`, parts summed per label value, zeros left out.
    private static func line(
        _ title: String, _ counters: [(MetricsRegistry.Key, Int)], name: String, label: String?
    ) -> String {
        var parts: [(String, Int)] = []
        var total = 0
        for (key, value) in counters where key.name == name {
            total += value
            guard let label, value > 0 else { continue }
            let part = key.labels.first(where: { $0.name == label })?.value ?? ""
            if let index = parts.firstIndex(where: { $0.0 == part }) {
                parts[index].1 += value
            } else {
                parts.append((part, value))
            }
        }
        let detail = parts.sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        return detail.isEmpty ? "\(title): \(total)\n" : "\(title): \(total) (\(detail))\n"
    }
}
