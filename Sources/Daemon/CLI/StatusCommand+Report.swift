import Foundation

/// The samples of a Prometheus text answer, summed up for a person: what `wfpwatch status`
/// prints.
package struct StatusReport {
    package struct Sample: Equatable {
        package var name: String
        package var labels: [String: String]
        package var value: Double
    }

    package var samples: [Sample]
    package var now: Date

    package init(samples: [Sample], now: Date) {
        self.samples = samples
        self.now = now
    }

    /// Sample lines of exposition text; comments, blank and unreadable lines are left out.
    package static func parse(_ text: String) -> [Sample] {
        text.split(separator: "\n").compactMap { line in
            line.hasPrefix("#") ? nil : sample(line)
        }
    }

    /// `name{a="x",b="y\"z"} 12`.
    package static func sample(_ line: Substring) -> Sample? {
        guard let valueStart = line.lastIndex(of: " "), let value = Double(line[line.index(after: valueStart)...])
        else { return nil }
        let series = line[..<valueStart]
        guard let brace = series.firstIndex(of: "{") else {
            return series.isEmpty ? nil : Sample(name: String(series), labels: [:], value: value)
        }
        guard series.last == "}",
            let labels = labelPairs(series[series.index(after: brace)..<series.index(before: series.endIndex)])
        else { return nil }
        return Sample(name: String(series[..<brace]), labels: labels, value: value)
    }

    /// `a="x",b="y"` with `\\`, `\"` and `\n` escapes in values.
    private static func labelPairs(_ text: Substring) -> [String: String]? {
        var labels: [String: String] = [:]
        var rest = text
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)...].first == "\""
            else { return nil }
            let name = String(rest[..<equals])
            rest = rest[rest.index(equals, offsetBy: 2)...]
            var value = ""
            var escaped = false
            var closed = false
            while let character = rest.popFirst() {
                if escaped {
                    value.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    closed = true
                    break
                } else {
                    value.append(character)
                }
            }
            guard closed else { return nil }
            labels[name] = value
            if rest.first == "," { rest = rest.dropFirst() }
        }
        return labels
    }

    // MARK: Sums

    /// The sum of `name` over the samples whose labels include `matching`.
    package func total(_ name: String, _ matching: [String: String] = [:]) -> Int {
        let matched = samples.filter { sample in
            sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value }
        }
        return Int(matched.reduce(0) { $0 + $1.value })
    }

    /// The values of `label` on `name`, in order.
    package func values(of label: String, in name: String) -> [String] {
        Array(Set(samples.filter { $0.name == name }.compactMap { $0.labels[label] })).sorted()
    }

    /// `1650 (connection 1200, process_start 400)`: the total, then each non-zero label value.
    package func breakdown(_ name: String, by label: String) -> String {
        let parts = values(of: label, in: name).compactMap { value -> String? in
            let count = total(name, [label: value])
            return count == 0 ? nil : "\(value) \(count)"
        }
        let sum = total(name)
        return parts.isEmpty ? "\(sum)" : "\(sum) (\(parts.joined(separator: ", ")))"
    }
}
