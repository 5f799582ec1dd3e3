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
/// Statistic: with `x = d / P`, the alternative density is a mixture over k = 1...4 of the
/// density of k periods each jittered by U(−w, w) (uniform for k = 1, a triangle of half-width
/// 2w for k = 2, the Irwin-Hall shapes beyond: a missed callback adds two independent
/// jitters), weighted by a geometric miss rate m, plus a flat outlier floor; the null is the
/// exponential with the sample mean. The log-likelihood ratio is profiled (maximized) over a
/// grid: P at seven factors 0.86...1.16 (steps of 5 %) around the central candidate and at
/// each other one, m in {0.03, 0.15, 0.35} and w from 0.01 to 0.11 in steps of 1.5×, then to
/// 0.57 in steps of 0.06 (a width between grid points costs every interval its ratio). A flat bump is
/// what uniform jitter looks like, so ±50 % jitter fits as well as ±1 %; the grid's fitting
/// slack is paid for in the calibrated null distribution (`BeaconNullModel`), not guessed. The
/// half-width never goes below `resolution / P`: timestamps of 1 s resolution make steady 5 s
/// callbacks read 5 or 6 s, which is not jitter of the source. The statistic depends on
/// interval ratios only, so its null distribution does not depend on the rate.
///
/// `nullShift` fits the null as that shift plus an exponential (mean less the shift): random
/// attempts closer than the detector's coalescing gap make one callback, so random callbacks
/// are never closer than the gap. The calibration uses no shift (plain exponential intervals).
package enum BeaconStatistic {
    package static let maximumMultiple = 4

    private static let widths: [Double] = (0..<7).map { 0.01 * pow(1.5, Double($0)) }
        + [0.15, 0.21, 0.27, 0.33, 0.39, 0.45, 0.51, 0.57]
    private static let missRates = [0.03, 0.15, 0.35]
    /// Around the central estimate, nearest first, so that ties keep the estimate itself.
    private static let centralFactors: [Double] = [1.0] + (1...3).flatMap { (step: Int) -> [Double] in
        let logStep = 0.05 * Double(step)
        return [exp(-logStep), exp(logStep)]
    }
    private static let otherFactors = [1.0]
    private static let outlierShare = 0.03
    private static let outlierRange = 10.0
    private static let floorDensity = outlierShare / outlierRange

    /// Per miss rate, per multiple k (index k − 1): the weight of k periods between two
    /// callbacks seen (geometric), outliers apart.
    private static let mixtureWeights: [SIMD4<Double>] = missRates.map { miss in
        let raw = (0..<maximumMultiple).map { (1 - miss) * pow(miss, Double($0)) }
        let total = raw.reduce(0, +)
        return SIMD4(raw.map { (1 - outlierShare) * $0 / total })
    }

    /// Measures `intervals` (at least two, all in one unit); nil when they cannot define a
    /// period (too few, or a zero median). `resolution` is the timestamps' resolution in the
    /// intervals' unit (0 when exact).
    package static func measure(
        _ intervals: [Double], resolution: Double = 0, nullShift: Double = 0
    ) -> BeaconMeasurement? {
        guard intervals.count >= 2 else { return nil }
        let sorted = intervals.sorted()
        let mean = intervals.reduce(0, +) / Double(intervals.count)
        var scratch = Scratch(count: intervals.count)
        let nullLogLikelihood = nullLogLikelihood(intervals, mean: mean, shift: nullShift)

        let central = refine(sorted[sorted.count / 2], intervals)
        let lower = refine(sorted[sorted.count / 4], intervals)
        var best: BeaconMeasurement?
        let candidates = [
            (central, centralFactors), (lower, otherFactors), (midrange(intervals, folding: central), otherFactors),
        ]
        for (estimate, factors) in candidates where estimate > 0 {
            for factor in factors {
                let period = estimate * factor
                let statistic = statistic(
                    intervals, period: period, nullLogLikelihood: nullLogLikelihood, resolution: resolution, &scratch)
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

    /// Per interval, the component densities for k = 1...4 at one period and width.
    private struct Scratch {
        var components: [SIMD4<Double>]

        init(count: Int) {
            components = Array(repeating: .zero, count: count)
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
        _ intervals: [Double], period: Double, nullLogLikelihood: Double, resolution: Double,
        _ scratch: inout Scratch
    ) -> Double {
        let count = Double(intervals.count)
        let minimumWidth = resolution / period

        // The product of densities stays within Double's range for 32 intervals (each factor
        // lies between 0.003 and 100), so one log per grid point suffices.
        var bestProduct = 0.0
        var previousWidth = -1.0
        for grid in widths {
            // Grid widths under the resolution floor all fit the same: one pass covers them.
            let width = max(grid, minimumWidth)
            guard width != previousWidth else { continue }
            previousWidth = width
            fillComponents(intervals, period: period, width: width, &scratch)
            scratch.components.withUnsafeBufferPointer { components in
                for weights in mixtureWeights {
                    var product = 1.0
                    for component in components { product *= floorDensity + (weights * component).sum() }
                    bestProduct = max(bestProduct, product)
                }
            }
        }
        return log(bestProduct) - count * log(period) - nullLogLikelihood
    }

    /// Gamma shapes the null may take: 1 is the exponential, below 1 clustered arrivals.
    private static let nullShapes = [1.0, 0.85, 0.7, 0.55, 0.4, 0.3, 0.2]

    /// The null's maximized log-likelihood: `shift` plus a gamma wait of shape at most 1 (the
    /// exponential, or arrivals more clustered than random: bursts of a browser or a mail
    /// client), its scale fitted to the mean. Regular series fit it no better than the
    /// exponential, so this costs a beacon nothing; bursty benign keys stop passing for regular.
    private static func nullLogLikelihood(_ intervals: [Double], mean: Double, shift: Double) -> Double {
        let count = Double(intervals.count)
        let waitMean = max(mean - shift, mean * 0.05)
        let floor = waitMean * 1e-3
        var sumLog = 0.0
        for interval in intervals { sumLog += log(max(interval - shift, floor)) }

        var best = -Double.infinity
        for shape in nullShapes {
            let scale = waitMean / shape
            let value = (shape - 1) * sumLog - count * shape - count * shape * log(scale) - count * lgamma(shape)
            best = max(best, value)
        }
        return best
    }

    /// Per interval, the density of k = 1...4 periods each jittered by U(−width, width), at
    /// the interval's ratio to the period (zero outside the sum's support).
    private static func fillComponents(_ intervals: [Double], period: Double, width: Double, _ scratch: inout Scratch) {
        let inverse = 1 / period
        let span = 2 * width
        let inverseSpan = 1 / span
        for index in intervals.indices {
            let ratio = intervals[index] * inverse
            var densities = SIMD4<Double>.zero
            // Only multiples whose support [k(1 − w), k(1 + w)] holds the ratio contribute.
            let lowest = max(Int((ratio / (1 + width)).rounded(.up)), 1)
            let highest = width < 1 ? min(Int((ratio / (1 - width)).rounded(.down)), maximumMultiple) : maximumMultiple
            if lowest <= highest {
                for k in lowest...highest {
                    let shifted = (ratio - Double(k) * (1 - width)) * inverseSpan
                    densities[k - 1] = irwinHall(shifted, terms: k) * inverseSpan
                }
            }
            scratch.components[index] = densities
        }
    }

    /// Density of the sum of `terms` standard uniforms (1...4) at `x`.
    static func irwinHall(_ x: Double, terms: Int) -> Double {
        let reach = Double(terms)
        guard x > 0, x < reach else { return 0 }
        let s = min(x, reach - x)
        switch terms {
        case 1: return 1
        case 2: return s
        case 3: return s <= 1 ? s * s / 2 : (-2 * s * s + 6 * s - 3) / 2
        default: return s <= 1 ? s * s * s / 6 : ((-3 * s + 12) * s * s - 12 * s + 4) / 6
        }
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
