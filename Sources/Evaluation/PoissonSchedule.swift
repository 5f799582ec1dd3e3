import Foundation
import WFPCore

/// Arrival times of a Poisson process whose rate drops outside office hours, with optional
/// bursts: an arrival (a page load, a sync) opens a few more connections within a second or
/// two, as browsers and Office clients do.
public struct PoissonSchedule: Sendable {
    /// Mean gap between arrivals in office hours.
    public var meanGapSeconds: Double
    /// Rate outside office hours relative to the office-hours rate (1 for a homogeneous process).
    public var offHoursFactor: Double
    public var workHours: WorkHours
    /// Mean number of extra connections per arrival (geometric).
    public var burstMean: Double
    public var end: Timestamp

    private var clock: Int64
    private var burstRemaining = 0

    public init(
        meanGapSeconds: Double, offHoursFactor: Double, workHours: WorkHours, burstMean: Double,
        start: Timestamp, end: Timestamp
    ) {
        self.meanGapSeconds = meanGapSeconds
        self.offHoursFactor = offHoursFactor
        self.workHours = workHours
        self.burstMean = burstMean
        self.end = end
        self.clock = start.nanosecondsSinceEpoch
    }

    /// The mean gap that gives `perWeekday` arrivals over a weekday (bursts not counted).
    public static func meanGapSeconds(perWeekday: Double, offHoursFactor: Double, workHours: WorkHours) -> Double {
        let officeSeconds = Double((workHours.endHour - workHours.startHour) * 3600)
        let effectiveSeconds = officeSeconds + offHoursFactor * (86_400 - officeSeconds)
        return effectiveSeconds / perWeekday
    }

    /// The next event time and whether it is a new arrival (not a burst follower); nil past
    /// the end.
    public mutating func next(using random: inout SplitMix64) -> (time: Timestamp, isCallback: Bool)? {
        if burstRemaining > 0 {
            burstRemaining -= 1
            clock += Int64(random.exponential(mean: 0.4) * 1e9)
            return clock <= end.nanosecondsSinceEpoch ? (Timestamp(nanosecondsSinceEpoch: clock), false) : nil
        }

        let factor = workHours.contains(Timestamp(nanosecondsSinceEpoch: clock)) ? 1 : offHoursFactor
        clock += Int64(random.exponential(mean: meanGapSeconds / factor) * 1e9)
        guard clock <= end.nanosecondsSinceEpoch else { return nil }

        if burstMean > 0 {
            // Geometric count with the given mean: P(k) = (1 − p)^k p, p = 1 / (1 + mean).
            let failure = burstMean / (1 + burstMean)
            burstRemaining = Int(Foundation.log(1 - random.unit()) / Foundation.log(failure))
        }
        return (Timestamp(nanosecondsSinceEpoch: clock), true)
    }
}
