/// Exponential backoff with jitter: the n-th wait after a failure is a random duration between
/// half and all of `initial * 2^n`, capped at `maximum`, and never shorter than `initial` (so
/// the first retry waits exactly `initial`); a receiver's `Retry-After` wins (up to
/// `longestRetryAfter`), so a rate-limited receiver is waited out rather than hammered.
package struct WebhookBackoff: Sendable {
    package var initial: Duration
    package var maximum: Duration
    package private(set) var failures = 0
    /// A longer `Retry-After` is taken as this, so a bad header cannot park a sink for days.
    package static let longestRetryAfter: Duration = .seconds(3600)

    package init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// Records a failure and returns how long to wait before the next attempt.
    package mutating func next(retryAfter: Duration?, random: Double = Double.random(in: 0...1)) -> Duration {
        failures += 1
        if let retryAfter { return min(retryAfter, Self.longestRetryAfter) }

        let exponent = min(failures - 1, 30)
        let ceiling = min(initial * (1 << exponent), maximum)
        return max(ceiling * (0.5 + 0.5 * random), min(initial, maximum))
    }

    /// `delay` in seconds with three decimals, `0.582`, for log fields.
    package static func secondsText(_ delay: Duration) -> String {
        let milliseconds = delay.components.seconds * 1000 + (delay.components.attoseconds + 500_000_000_000_000)
            / 1_000_000_000_000_000
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    package mutating func reset() {
        failures = 0
    }
}
