@testable import Detection

/// Seeded synthetic callback series for the beacon tests: jittered beacons with missed
/// callbacks, and Poisson arrivals.
struct BeaconGenerator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// Callback times (nanoseconds from 0) of a beacon with period `periodSeconds`, uniform
    /// jitter `P × (1 + U(−jitter, jitter))`, and each callback missed with chance `missRate`
    /// (the first is always seen). Returns the times seen and, for each, how many callbacks
    /// had been sent by then.
    mutating func beacon(
        periodSeconds: Double, jitter: Double, missRate: Double, sent: Int
    ) -> [(nanoseconds: Int64, sent: Int)] {
        var time = 0.0
        var seen: [(Int64, Int)] = [(0, 1)]
        for number in 2...sent {
            time += periodSeconds * (1 + jitter * (2 * uniform() - 1))
            if uniform() >= missRate { seen.append((Int64(time * 1e9), number)) }
        }
        return seen
    }

    /// `count` arrival times of a Poisson process with mean interval `meanSeconds`.
    mutating func poisson(meanSeconds: Double, count: Int) -> [Int64] {
        var time = 0.0
        return (0..<count).map { _ in
            time += meanSeconds * random.nextExponential()
            return Int64(time * 1e9)
        }
    }

    mutating func uniform() -> Double {
        Double(random.next() >> 11) / 9_007_199_254_740_992
    }
}

extension BeaconDetector {
    /// Feeds `times` to a fresh series and returns the index of the first time that raised an
    /// alert, with every alert raised.
    func run(_ times: [Int64]) -> (firstAlert: Int?, alerts: [Alert]) {
        guard let first = times.first else { return (nil, []) }
        var series = BeaconSeries(firstAttemptNanoseconds: first)
        var alerts: [Alert] = []
        var firstAlert: Int?
        for (position, time) in times.enumerated().dropFirst() {
            if let alert = observe(&series, attemptNanoseconds: time) {
                alerts.append(alert)
                if firstAlert == nil { firstAlert = position }
            }
        }
        return (firstAlert, alerts)
    }
}
