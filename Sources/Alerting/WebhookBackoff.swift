/// Exponential backoff with jitter: the n-th wait after a failure is a random duration between
/// half and all of `initial * 2^n`, capped at `maximum`; a receiver's `Retry-After` wins (up to
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
        return ceiling * (0.5 + 0.5 * random)
    }

    package mutating func reset() {
        failures = 0
    }
}
