import WFPCore

/// Durations as the configuration writes them: a sequence of numbers with units, `250ms`,
/// `30s`, `10m`, `1h30m`, `1d`.
package enum DurationText {
    private static let units: [(String, Int64)] = [
        ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
        ("d", 86_400_000_000_000),
    ]

    /// Nil for anything else, including a bare number (the unit is never implied).
    package static func parse(_ text: String) -> Duration? {
        var nanoseconds: Int64 = 0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }

        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 12, let number = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)

            let unitText = rest.prefix(while: { $0.isLetter })
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)

            let (scaled, overflow) = number.multipliedReportingOverflow(by: unit.1)
            guard !overflow else { return nil }
            nanoseconds += scaled
        }
        return .nanoseconds(nanoseconds)
    }

    /// The shortest spelling in whole units: `10m`, `90s`, `1h30m`, `0s`.
    package static func format(_ duration: Duration) -> String {
        var remaining = duration.nanosecondsTotal
        guard remaining > 0 else { return "0s" }
        var text = ""
        for (name, size) in units.reversed() where remaining >= size {
            text += "\(remaining / size)\(name)"
            remaining %= size
        }
        return remaining > 0 ? text + "\(remaining)ns" : text
    }
}
