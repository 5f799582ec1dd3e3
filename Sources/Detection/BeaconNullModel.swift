#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The distribution of `BeaconStatistic` under random (Poisson) arrivals, per number of
/// intervals, and the chance that random arrivals score at least a given statistic.
///
/// Method: a seeded Monte Carlo, run once on first use. For every interval count n in
/// 2...32 it draws `samplesPerCount` series of n independent exponential intervals (the
/// intervals of a Poisson process; the statistic is scale-free, so the rate does not matter),
/// measures each, and keeps the sorted statistics. A probability inside the table is the
/// empirical survival `(m + 1) / (N + 1)`. Beyond the top `tailShare` of the table the
/// survival is extrapolated as an exponential tail fitted to the exceedances over that
/// quantile (peaks over threshold with zero shape: `tailShare · exp(−(t − u) / β)`, β their
/// mean excess). A likelihood-ratio statistic has an exponential tail under the null
/// (P(LR > c) ≤ 1/c for a fixed alternative), which is what justifies the extrapolation down
/// to false-alarm rates far below 1 / N; the fit of β from ~10 % of N samples makes the
/// extrapolated probability good to a factor of a few near 1e-6.
package struct BeaconNullModel: Sendable {
    package static let shared = BeaconNullModel()

    package static let minimumIntervals = 2
    package static let samplesPerCount = 1_000
    private static let tailShare = 0.1
    private static let seed: UInt64 = 0x5EED_BEAC_0000_0001

    /// Sorted null statistics, indexed by interval count (empty below `minimumIntervals`).
    private let tables: [[Double]]
    /// Per interval count: the threshold u and the mean excess β of the fitted tail.
    private let tails: [(threshold: Double, meanExcess: Double)]

    init(samplesPerCount: Int = BeaconNullModel.samplesPerCount) {
        var random = SplitMix64(seed: Self.seed)
        var tables: [[Double]] = Array(repeating: [], count: BeaconIntervals.capacity + 1)
        var tails: [(Double, Double)] = Array(repeating: (0, 1), count: BeaconIntervals.capacity + 1)
        var intervals: [Double] = []

        for count in Self.minimumIntervals...BeaconIntervals.capacity {
            var statistics: [Double] = []
            statistics.reserveCapacity(samplesPerCount)
            for _ in 0..<samplesPerCount {
                intervals.removeAll(keepingCapacity: true)
                for _ in 0..<count { intervals.append(random.nextExponential()) }
                statistics.append(BeaconStatistic.measure(intervals)?.statistic ?? -.infinity)
            }
            statistics.sort()
            tables[count] = statistics
            tails[count] = Self.fitTail(statistics)
        }
        self.tables = tables
        self.tails = tails
    }

    /// Chance that `intervalCount` exponential intervals give a statistic of at least
    /// `statistic`.
    package func nullProbability(statistic: Double, intervalCount: Int) -> Double {
        let count = min(intervalCount, BeaconIntervals.capacity)
        guard count >= Self.minimumIntervals else { return 1 }

        let table = tables[count]
        let tail = tails[count]
        if statistic > tail.threshold {
            return Self.tailShare * exp(-(statistic - tail.threshold) / tail.meanExcess)
        }
        let below = lowerBound(table, statistic)
        return Double(table.count - below + 1) / Double(table.count + 1)
    }

    private static func fitTail(_ sorted: [Double]) -> (threshold: Double, meanExcess: Double) {
        let start = Int(Double(sorted.count) * (1 - tailShare))
        let threshold = sorted[start]
        let excesses = sorted[start...].map { $0 - threshold }
        let meanExcess = excesses.reduce(0, +) / Double(max(excesses.count, 1))
        return (threshold, max(meanExcess, 0.05))
    }

    /// Index of the first element not less than `value`.
    private func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A small seeded generator (SplitMix64) so the calibration is the same on every run.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An exponential draw with mean 1.
    package mutating func nextExponential() -> Double {
        let uniform = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
        return -log(uniform)
    }
}
