import WFPCore

/// A counter's total over all its label sets, with the non-zero parts by one label:
/// `12 (connection 10, process_start 2)`. `replay --stats` and serve's STATUS= both use it.
package enum CounterSummary {
    package static func text(_ counters: [(MetricsRegistry.Key, Int)], name: String, label: String?) -> String {
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
        return detail.isEmpty ? String(total) : "\(total) (\(detail))"
    }
}
