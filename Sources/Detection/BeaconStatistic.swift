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
/// The refinement also starts from the lower quartile (when more than half the callbacks were
/// missed the median sits on 2×), and the candidate with the larger statistic wins.
///
/// Statistic: with `x = d / period`, the alternative density is a mixture of bumps at
/// k = 1...4 (weights falling by a miss rate of 1/4, width growing as √k) with a flat outlier
/// floor; the null is the exponential with the sample mean. The log-likelihood ratio is
/// maximized over three bump shapes: narrow and medium normal bumps (relative widths 0.04 and
/// 0.12) and a flat-topped quartic bump `exp(−z⁴/4)` of width 0.4 that fits uniform jitter
/// up to ±50 %. Each interval takes the larger of its bump and the floor (a max, not a sum,
/// so no exponential is evaluated). The statistic depends on interval ratios only, so its
/// null distribution does not depend on the rate.
package enum BeaconStatistic {
    package static let maximumMultiple = 4

    /// One alternative shape: per multiple k, the log of its weight over its normalizer, and
    /// its inverse width.
    private struct Shape {
        var logScale: [Double]
        var inverseWidth: [Double]
        var quartic: Bool
    }

    private static let missRate = 0.25
    private static let outlierShare = 0.03
    private static let outlierRange = 10.0
    private static let logFloor = log(outlierShare / outlierRange)

    private static let shapes: [Shape] = [
        shape(width: 0.04, quartic: false), shape(width: 0.12, quartic: false), shape(width: 0.4, quartic: true),
    ]

    private static func shape(width: Double, quartic: Bool) -> Shape {
        // ∫ exp(−z²/2) dz = √(2π); ∫ exp(−z⁴/4) dz = Γ(1/4) / √2.
        let normalizer = quartic ? 2.5637100 : 2.5066283
        let raw = (0..<maximumMultiple).map { (1 - missRate) * pow(missRate, Double($0)) }
        let total = raw.reduce(0, +)
        let widths = (1...maximumMultiple).map { width * Double($0).squareRoot() }
        return Shape(
            logScale: (0..<maximumMultiple).map {
                log((1 - outlierShare) * raw[$0] / total / (normalizer * widths[$0]))
            },
            inverseWidth: widths.map { 1 / $0 }, quartic: quartic)
    }

    /// Measures `intervals` (at least two, all in one unit); nil when they cannot define a
    /// period (too few, or a zero median).
    package static func measure(_ intervals: [Double]) -> BeaconMeasurement? {
        guard intervals.count >= 2 else { return nil }
        let sorted = intervals.sorted()

        var best: BeaconMeasurement?
        for start in [sorted[sorted.count / 2], sorted[sorted.count / 4]] {
            let period = refine(start, intervals)
            guard period > 0 else { continue }
            let statistic = statistic(intervals, period: period)
            if best == nil || statistic > best!.statistic {
                best = BeaconMeasurement(period: period, jitter: 0, statistic: statistic)
            }
        }
        guard var measurement = best else { return nil }

        let period = measurement.period
        measurement.jitter = 2 * median(intervals.map { abs($0 / (Double(multiple($0, of: period)) * period) - 1) })
        return measurement
    }

    private static func refine(_ start: Double, _ intervals: [Double]) -> Double {
        var estimate = start
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
        for shape in shapes {
            var logLikelihood = 0.0
            for interval in intervals { logLikelihood += logDensity(interval / period, shape) }
            best = max(best, logLikelihood + nullTerm)
        }
        return best
    }

    /// The alternative's log density at `x` (interval over period): the nearest multiple's
    /// bump or the outlier floor, whichever is larger.
    private static func logDensity(_ x: Double, _ shape: Shape) -> Double {
        let k = multiple(x, of: 1)
        let z = (x - Double(k)) * shape.inverseWidth[k - 1]
        let z2 = z * z
        let exponent = shape.quartic ? z2 * z2 / 4 : z2 / 2
        return max(shape.logScale[k - 1] - exponent, logFloor)
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
