import Foundation
import WFPCore

/// Every counter and gauge of a `MetricsRegistry` as Prometheus text exposition, version 0.0.4:
/// per metric name one `# HELP` and one `# TYPE` line, then one sample line per label set.
///
/// Names are already snake_case (counters end in `_total`); label values are escaped as the
/// format asks (backslash, double quote, line feed).
package enum MetricsExposition {
    /// The `Content-Type` of the text.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    package static func text(_ registry: MetricsRegistry) -> String {
        var text = ""
        text.reserveCapacity(4096)
        append(registry.counterValues(), type: "counter", to: &text)
        append(registry.gaugeValues(), type: "gauge", to: &text)
        return text
    }

    /// Samples arrive sorted by name, so each name's samples are consecutive.
    private static func append(_ samples: [(MetricsRegistry.Key, Int)], type: String, to text: inout String) {
        var previousName = ""
        for (key, value) in samples {
            if key.name != previousName {
                previousName = key.name
                text += "# HELP \(key.name) \(escapeHelp(MetricsHelp.text(for: key.name)))\n"
                text += "# TYPE \(key.name) \(type)\n"
            }
            text += key.name
            if !key.labels.isEmpty {
                text += "{"
                text += key.labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",")
                text += "}"
            }
            text += " \(value)\n"
        }
    }

    /// Backslash, double quote and line feed escaped.
    package static func escapeLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Backslash and line feed escaped (HELP text keeps double quotes).
    package static func escapeHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
