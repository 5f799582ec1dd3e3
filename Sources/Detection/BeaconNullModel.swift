#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The chance that random (Poisson) arrivals make `BeaconStatistic` at least as large as a
/// series did, read from a table computed offline, so start-up costs nothing.
///
/// Method (`BeaconNullCalibration`, which generates `BeaconNullTable.swift`): for every
/// interval count n in 2...32, a seeded Monte Carlo of `BeaconNullTable.samplesPerCount`
/// series of n exponential intervals (the intervals of a Poisson process; the statistic is
/// scale-free, so the rate does not matter). The table keeps, per count, the statistic's
/// quantiles at survival probabilities 10^0, 10^−0.25, ..., 10^−4 (with 2^17 samples the last
/// has 13 beyond it), and the mean excess β over the 10^−3 quantile. Between
/// quantiles log10 p is interpolated linearly in the statistic; beyond the last one the tail
/// is exponential with that β (peaks over threshold with zero shape, fitted on 131
/// exceedances), which a profile likelihood-ratio statistic follows closely.
///
/// The detector tests a series at many callbacks, so a key's chance of ever alerting is
/// larger than one test's. `effectiveLooks` is that ratio, measured by the same calibration
/// on simulated Poisson keys tested at the detector's looks up to 33 callbacks: the detector spends its
/// per-key false-alarm budget as `budget × weight / effectiveLooks` per test, with the look's weight
/// (`BeaconDetector.lookWeights`).
package struct BeaconNullModel: Sendable {
    package static let shared = BeaconNullModel()

    package static let minimumIntervals = 2
    package static let maximumIntervals = BeaconIntervals.capacity

    /// log10 of the survival probability at each quantile column of the table.
    package static let levels: [Double] = stride(from: 0.0, through: -4.0, by: -0.25).map { $0 }
    /// The level whose exceedances fit the tail.
    package static let tailLevel = -3.0

    /// Ratio of a key's chance of alerting (tested at the looks up to 33 callbacks) to one test's.
    package let effectiveLooks: Double
    /// Per interval count (index n − 2): quantiles at `levels`, then the tail's mean excess.
    private let rows: [[Double]]

    package init() {
        self.init(rows: BeaconNullTable.rows, effectiveLooks: BeaconNullTable.effectiveLooks)
    }

    package init(rows: [[Double]], effectiveLooks: Double) {
        precondition(
            rows.count == Self.maximumIntervals - Self.minimumIntervals + 1,
            "null table has \(rows.count) rows, expected one per interval count 2...\(Self.maximumIntervals)")
        self.rows = rows
        self.effectiveLooks = effectiveLooks
    }

    /// Chance that `intervalCount` exponential intervals give a statistic of at least
    /// `statistic`.
    package func nullProbability(statistic: Double, intervalCount: Int) -> Double {
        let count = min(intervalCount, Self.maximumIntervals)
        guard count >= Self.minimumIntervals else { return 1 }
        return pow(10, logProbability(statistic: statistic, row: rows[count - Self.minimumIntervals]))
    }

    /// log10 of the survival probability from one table row.
    private func logProbability(statistic: Double, row: [Double]) -> Double {
        let levels = Self.levels
        let last = levels.count - 1
        guard statistic > row[0] else { return 0 }

        if statistic >= row[last] {
            let meanExcess = row[last + 1]
            return levels[last] - (statistic - row[last]) / (meanExcess * M_LN10)
        }
        var column = 1
        while row[column] <= statistic { column += 1 }
        let low = row[column - 1]
        let high = row[column]
        let share = high > low ? (statistic - low) / (high - low) : 1
        return levels[column - 1] + share * (levels[column] - levels[column - 1])
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
