#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Period, jitter and regularity of a series of callback intervals.
package struct BeaconMeasurement: Equatable, Sendable {
    /// Robust period estimate, in the unit of the intervals given.
    package var period: Double
    /// Spread of the intervals around the period (and its multiples), relative to the period:
    /// twice the median absolute relative deviation, which equals `j` for uniform jitter
    /// `P × (1 + U(−j, j))`.
    package var jitter: Double
    /// Log-likelihood ratio (nats) of "periodic with jitter and missed callbacks" against
    /// "Poisson arrivals"; larger is more regular.
    package var statistic: Double
}

/// The measurement shared by the detector and its null-model calibration, so that both
/// compute exactly the same statistic.
///
/// Period: the median interval, refined twice by folding every interval onto its nearest
/// multiple k = 1...4 of the current estimate (a missed callback leaves a 2× or 3× interval,
/// which then counts as k callbacks' worth of the period) and taking the median of `d / k`.
///
/// Statistic: with `x = d / period`, the alternative density is a mixture of normal bumps at
/// k = 1...4 (weights falling by a miss rate of 1/4, width `s·√k`) plus a small flat outlier
/// share; the null is the exponential with the sample mean. The log-likelihood ratio is
/// maximized over s ∈ {0.04, 0.12, 0.3}, so tight and loose beacons are both scored well.
/// It depends on interval ratios only, so its null distribution does not depend on the rate.
package enum BeaconStatistic {
    package static let maximumMultiple = 4
    private static let spreads: [Double] = [0.04, 0.12, 0.3]
    private static let missRate = 0.25
    private static let outlierShare = 0.03
    private static let outlierRange = 10.0

    /// Mixture weights of the k-th multiple, k = 1...4, normalized.
    private static let multipleWeights: [Double] = {
        let raw = (0..<maximumMultiple).map { (1 - missRate) * pow(missRate, Double($0)) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }()

    /// Measures `intervals` (at least two, all in one unit); nil when they cannot define a
    /// period (too few, or a zero median).
    package static func measure(_ intervals: [Double]) -> BeaconMeasurement? {
        guard intervals.count >= 2 else { return nil }
        guard let period = period(of: intervals), period > 0 else { return nil }

        let jitter = 2 * median(intervals.map { abs($0 / (Double(multiple($0, of: period)) * period) - 1) })
        return BeaconMeasurement(period: period, jitter: jitter, statistic: statistic(intervals, period: period))
    }

    private static func period(of intervals: [Double]) -> Double? {
        var estimate = median(intervals)
        for _ in 0..<2 where estimate > 0 {
            estimate = median(intervals.map { $0 / Double(multiple($0, of: estimate)) })
        }
        return estimate
    }

    private static func statistic(_ intervals: [Double], period: Double) -> Double {
        let count = Double(intervals.count)
        let mean = intervals.reduce(0, +) / count
        let nullTerm = count * log(mean / period) + count

        var best = -Double.infinity
        for spread in spreads {
            var logLikelihood = 0.0
            for interval in intervals { logLikelihood += log(density(interval / period, spread: spread)) }
            best = max(best, logLikelihood + nullTerm)
        }
        return best
    }

    /// The alternative's density at `x` (interval over period): the nearest multiple's bump
    /// plus the flat outlier share.
    private static func density(_ x: Double, spread: Double) -> Double {
        let k = multiple(x, of: 1)
        let width = spread * Double(k).squareRoot()
        let z = (x - Double(k)) / width
        let bump = multipleWeights[k - 1] * exp(-0.5 * z * z) / (width * 2.5066282746310002)
        return (1 - outlierShare) * bump + outlierShare / outlierRange
    }

    /// The multiple k = 1...4 of `period` nearest to `interval`.
    package static func multiple(_ interval: Double, of period: Double) -> Int {
        let ratio = (interval / period).rounded()
        return Int(min(max(ratio, 1), Double(maximumMultiple)))
    }

    package static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
