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
    /// "Poisson arrivals", maximized over the alternative's parameters; larger is more regular.
    package var statistic: Double
}

/// The measurement shared by the detector and its null-model calibration, so that both
/// compute exactly the same statistic.
///
/// Period: the median interval, refined twice by folding every interval onto its nearest
/// multiple k = 1...4 of the current estimate (a missed callback leaves a 2× or 3× interval,
/// which then counts as k callbacks' worth of the period) and taking the median of `d / k`.
/// The refinement also starts from the lower quartile (when more than half the callbacks were
/// missed the median sits on 2×), and the mid-range of the folded intervals is a third
/// candidate (the efficient centre for uniform jitter).
///
/// Statistic: with `x = d / P`, the alternative density is, around the nearest multiple k, a
/// flat (uniform) bump of half-width `w √k` weighted by a geometric miss rate m, plus a flat
/// outlier floor; the null is the exponential with the sample mean. The log-likelihood ratio
/// is profiled (maximized) over a grid: P at five factors 0.94...1.06 around each of the three
/// candidates, m in {0.03, 0.15, 0.35} and w from 0.01 to 0.58 in steps of 1.5×. A flat bump
/// is what uniform jitter looks like, so ±50 % jitter fits as well as ±1 %; the grid's
/// fitting slack is paid for in the calibrated null distribution (`BeaconNullModel`), not
/// guessed. The half-width never goes below `resolution / P`: timestamps of 1 s resolution
/// make steady 5 s callbacks read 5 or 6 s, which is not jitter of the source. The statistic
/// depends on interval ratios only, so its null distribution does not depend on the rate.
package enum BeaconStatistic {
    package static let maximumMultiple = 4

    private static let widths: [Double] = (0..<11).map { 0.01 * pow(1.5, Double($0)) }
    private static let missRates = [0.03, 0.15, 0.35]
    /// Nearest first, so that ties keep the estimate itself.
    private static let periodFactors = [1.0, 0.97, 1.03, 0.94, 1.06]
    private static let outlierShare = 0.03
    private static let outlierRange = 10.0
    private static let floorDensity = outlierShare / outlierRange

    /// Per miss rate, per multiple k (index k − 1): the bump's weight over `2 √k`, so that its
    /// density at half-width w is `coefficient / w`.
    private static let coefficients: [[Double]] = missRates.map { miss in
        let raw = (0..<maximumMultiple).map { (1 - miss) * pow(miss, Double($0)) }
        let total = raw.reduce(0, +)
        return (0..<maximumMultiple).map { (1 - outlierShare) * raw[$0] / total / (2 * Double($0 + 1).squareRoot()) }
    }
    private static let rootMultiples = (1...maximumMultiple).map { Double($0).squareRoot() }

    /// Measures `intervals` (at least two, all in one unit); nil when they cannot define a
    /// period (too few, or a zero median). `resolution` is the timestamps' resolution in the
    /// intervals' unit (0 when exact).
    package static func measure(_ intervals: [Double], resolution: Double = 0) -> BeaconMeasurement? {
        guard intervals.count >= 2 else { return nil }
        let sorted = intervals.sorted()
        let mean = intervals.reduce(0, +) / Double(intervals.count)
        var scratch = Scratch(count: intervals.count)

        let central = refine(sorted[sorted.count / 2], intervals)
        let lower = refine(sorted[sorted.count / 4], intervals)
        var best: BeaconMeasurement?
        for estimate in [central, lower, midrange(intervals, folding: central)] where estimate > 0 {
            for factor in periodFactors {
                let period = estimate * factor
                let statistic = statistic(intervals, period: period, mean: mean, resolution: resolution, &scratch)
                if best == nil || statistic > best!.statistic {
                    best = BeaconMeasurement(period: period, jitter: 0, statistic: statistic)
                }
            }
        }
        guard var measurement = best else { return nil }

        // Report the robust estimate: the best fit may centre a wide bump between the period
        // and a stray interval (a stager's first check-in), which describes the beacon worse.
        let period = central > 0 ? central : measurement.period
        measurement.period = period
        measurement.jitter = 2 * median(intervals.map { abs($0 / (Double(multiple($0, of: period)) * period) - 1) })
        return measurement
    }

    /// Per-interval nearest multiple and deviation from it, reused across candidate periods.
    private struct Scratch {
        var multiples: [Int]
        var deviations: [Double]

        init(count: Int) {
            multiples = Array(repeating: 1, count: count)
            deviations = Array(repeating: 0, count: count)
        }
    }

    private static func refine(_ start: Double, _ intervals: [Double]) -> Double {
        var estimate = start
        for _ in 0..<2 where estimate > 0 {
            estimate = median(intervals.map { $0 / Double(multiple($0, of: estimate)) })
        }
        return estimate
    }

    /// Mid-range of the intervals folded onto `period`: for uniform jitter a far better centre
    /// than the median (its error shrinks as 1/n, not 1/√n).
    private static func midrange(_ intervals: [Double], folding period: Double) -> Double {
        guard period > 0 else { return 0 }
        var low = Double.infinity
        var high = -Double.infinity
        for interval in intervals {
            let folded = interval / Double(multiple(interval, of: period))
            low = min(low, folded)
            high = max(high, folded)
        }
        return (low + high) / 2
    }

    /// The profile log-likelihood ratio at one period: the best over miss rates and widths.
    private static func statistic(
        _ intervals: [Double], period: Double, mean: Double, resolution: Double, _ scratch: inout Scratch
    ) -> Double {
        for index in intervals.indices {
            let ratio = intervals[index] / period
            let k = multiple(ratio, of: 1)
            scratch.multiples[index] = k - 1
            scratch.deviations[index] = abs(ratio - Double(k))
        }
        let count = Double(intervals.count)
        let nullTerm = count * log(mean / period) + count
        let minimumWidth = resolution / period

        // The product of densities stays within Double's range for 32 intervals (each factor
        // lies between 0.003 and 50), so one log per grid point suffices.
        var bestProduct = 0.0
        for coefficient in coefficients {
            for grid in widths {
                let width = max(grid, minimumWidth)
                var product = 1.0
                for index in intervals.indices {
                    let k = scratch.multiples[index]
                    let inside = scratch.deviations[index] <= width * rootMultiples[k]
                    product *= (inside ? coefficient[k] / width : 0) + floorDensity
                }
                bestProduct = max(bestProduct, product)
            }
        }
        return log(bestProduct) + nullTerm
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
