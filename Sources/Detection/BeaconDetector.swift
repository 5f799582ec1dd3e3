#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import WFPCore

/// Flags series of connections whose callbacks are too regular for random arrivals.
///
/// Works from connection times alone (event time, never the wall clock). Each series' attempts
/// are coalesced into callbacks (`coalesceGap`), the intervals between callbacks measured by
/// `BeaconStatistic` (period with missed callbacks folded in, jitter as a robust relative
/// spread, a profile likelihood-ratio statistic), and the statistic's chance under Poisson
/// arrivals read from `BeaconNullModel`'s offline table. A series alerts once that chance is
/// at most its per-test share of `falseAlarmRate`, first at a provisional severity (one below
/// the configured one), then once at each of `escalationCallbacks` one step higher; never
/// otherwise.
///
/// Looks: a series is tested at `minimumCallbacks`, at callbacks 8, 10, 12, 14, 16, 20, 24,
/// 28 and 33 (the interval ring is full), then every 32nd callback (a fresh ring), and at each escalation
/// count. `falseAlarmRate` is a per-key budget over the looks up to 33 callbacks, spent
/// unevenly (`lookWeights`): each test runs at `falseAlarmRate × weight / effectiveLooks`,
/// `effectiveLooks` measured on simulated Poisson keys by the same calibration with the same
/// weights (the looks of one key are correlated, so it is below their number). A key living
/// past 33 callbacks spends 1/j² of the weight-1 rate at its j-th later look, so a Poisson key
/// alerts over its whole life with a chance of at most about `falseAlarmRate × (1 + 1.64 /
/// effectiveLooks)`.
///
/// A significant series whose measured jitter is above `maximumJitter` is not reported (a
/// post-filter on plausibility, so it cannot raise the false-alarm rate); it is tested again at
/// its next look.
///
/// The null is fitted beyond the coalescing gap (`BeaconStatistic`'s `nullShift`), because
/// coalescing makes random callbacks a gap plus an exponential wait, which looks regular when
/// the gap is a sizeable part of the mean interval.
package struct BeaconDetector: Sendable {
    package static let rule = "beaconing"
    /// Application Layer Protocol. Encrypted Channel (T1573) is not claimed: timing says
    /// nothing about the payload.
    package static let techniques = ["T1071"]
    /// Cap on the reported score, where the extrapolated null probability stops meaning much.
    package static let maximumScore = 15.0

    package let configuration: BeaconConfiguration
    private let coalesceGapNanoseconds: Int64
    private let escalations: [Int]
    private let nullModel: BeaconNullModel

    package init(configuration: BeaconConfiguration, nullModel: BeaconNullModel = .shared) {
        self.configuration = configuration
        self.coalesceGapNanoseconds = configuration.coalesceGap.nanosecondsTotal
        self.escalations = configuration.escalationCallbacks.filter { $0 > configuration.minimumCallbacks }.sorted()
        self.nullModel = nullModel
    }

    /// The timing source of an event: Sysmon connection events apart from the Filtering
    /// Platform's, so that a series is timed by one of them only.
    package static func source(eventID: UInt32) -> UInt8 {
        eventID == 3 ? 2 : 1
    }

    /// What made a series alert; `finding(_:labels:)` turns it into a finding.
    package struct Alert: Sendable {
        package var measurement: BeaconMeasurement
        package var score: Double
        package var series: BeaconSeries
        /// 0 for a first alert at the provisional level, then 1, 2, ... per escalation count
        /// reached (a series first significant at an escalation count starts there).
        package var level: Int
        /// Whether the series had not alerted before.
        package var isFirst = false
    }

    /// Records one connection attempt of `series` and returns an alert when it completes a
    /// callback that makes the series alert (first time or escalation).
    package func observe(_ series: inout BeaconSeries, attemptNanoseconds: Int64, source: UInt8 = 0) -> Alert? {
        guard source == series.source else { return nil }
        guard series.record(attemptNanoseconds: attemptNanoseconds, coalesceGapNanoseconds: coalesceGapNanoseconds)
        else { return nil }

        let callbacks = Int(series.callbacks)
        guard callbacks >= max(configuration.minimumCallbacks, BeaconNullModel.minimumIntervals + 1) else { return nil }
        let level = escalations.lastIndex { $0 <= callbacks }.map { $0 + 1 } ?? 0
        guard level > Int(series.alertedLevel) else { return nil }
        guard isLook(callbacks: callbacks) || escalations.contains(callbacks) else { return nil }

        guard let assessment = assess(series) else { return nil }
        let isFirst = series.alertedLevel < 0
        series.alertedLevel = Int8(level)
        return Alert(
            measurement: assessment.measurement, score: assessment.score, series: series, level: level,
            isFirst: isFirst)
    }

    /// Callback counts tested until the interval ring is full: dense early, where a beacon
    /// first has the evidence, sparse later, because every look spends false-alarm budget.
    package static let lookCallbacks: Set<Int> = [8, 10, 12, 14, 16, 20, 24, 28, 33]

    /// The share of the budget each look takes, relative to a weight of 1 (any other look).
    /// The first look keeps a full share for short captures (eight callbacks at whole-second
    /// timestamps); regular beacons clear the next ones by a wide margin, so those take a half
    /// or a quarter share; widely jittered ones (±50 %) need about 19 intervals, so the look at 20
    /// callbacks takes four; the looks after it, which mostly re-test what 20 saw, take less.
    package static let lookWeights: [Int: Double] = [
        10: 0.25, 12: 0.25, 14: 0.5, 20: 4, 28: 0.5, 33: 0.5,
    ]

    /// The look's weight: from `lookWeights`, 1 for other early looks, and 1/j² for the j-th
    /// look after the ring is full, so that a key's whole life spends a bounded budget (at most
    /// π²/6 weight-1 shares after 33 callbacks).
    package static func lookWeight(callbacks: Int) -> Double {
        let full = BeaconIntervals.capacity + 1
        let late = callbacks - full
        if late > 0 && late % BeaconIntervals.capacity == 0 {
            let look = Double(late / BeaconIntervals.capacity)
            return 1 / (look * look)
        }
        return lookWeights[callbacks] ?? 1
    }

    /// Whether a series is tested at this callback count: at the minimum, at `lookCallbacks`,
    /// then every 32nd callback once the ring is full, when the ring holds none of the last look's intervals.
    func isLook(callbacks: Int) -> Bool {
        let full = BeaconIntervals.capacity + 1
        if callbacks == configuration.minimumCallbacks || Self.lookCallbacks.contains(callbacks) { return true }
        return callbacks > full && (callbacks - full) % BeaconIntervals.capacity == 0
    }

    /// The chance the test at `callbacks` may take: the per-key budget spread over the
    /// effective looks, times the look's weight.
    package func perTestRate(callbacks: Int) -> Double {
        configuration.falseAlarmRate * Self.lookWeight(callbacks: callbacks) / nullModel.effectiveLooks
    }

    /// The series' measurement and score when it is significant at its look's per-test rate.
    package func assess(_ series: BeaconSeries) -> (measurement: BeaconMeasurement, score: Double)? {
        let milliseconds = series.intervals.values
        let intervals = milliseconds.map { Double($0) / 1000 }
        // Timestamps of whole seconds (common in forwarded Windows events) make every interval
        // a multiple of 1,000 ms; their rounding is not jitter of the source.
        let resolution = milliseconds.allSatisfy { $0 % 1000 == 0 } ? 1.0 : 0.001
        // Random attempts closer than the gap coalesce, so random callbacks are at least the gap
        // apart: the null is shifted by as much.
        let shift = Double(coalesceGapNanoseconds) / 1e9
        let rate = perTestRate(callbacks: Int(series.callbacks))
        guard var tested = test(intervals, resolution: resolution, shift: shift, rate: rate) else { return nil }

        // Pauses (a night, a weekend, a laptop asleep) inflate the mean the null is fitted to,
        // which makes any active stretch look regular; the active stretch must pass on its own.
        let pauseSeconds = tested.measurement.period * Self.pauseMultiple
        let active = intervals.filter { $0 <= pauseSeconds }
        if active.count < intervals.count {
            guard let inner = test(active, resolution: resolution, shift: shift, rate: rate) else { return nil }
            tested = (inner.measurement, max(tested.probability, inner.probability))
        }

        // Too wide a spread is not a beacon worth reporting, however regular the fit (the cap).
        guard tested.measurement.jitter <= configuration.maximumJitter else { return nil }
        let score = min(-log10(max(tested.probability, 1e-300)), Self.maximumScore)
        return (tested.measurement, score)
    }

    /// An interval longer than this many periods is a pause in the series, not a run of missed
    /// callbacks: the statistic's mixture stops at 4 periods, ±50 % jitter stretches that to 6.
    package static let pauseMultiple = 6.0

    /// The intervals' measurement and null probability when that is within `rate`.
    private func test(
        _ intervals: [Double], resolution: Double, shift: Double, rate: Double
    ) -> (measurement: BeaconMeasurement, probability: Double)? {
        guard intervals.count >= BeaconNullModel.minimumIntervals,
            let measurement = BeaconStatistic.measure(intervals, resolution: resolution, nullShift: shift)
        else { return nil }
        let probability = nullModel.nullProbability(statistic: measurement.statistic, intervalCount: intervals.count)
        return probability <= rate ? (measurement, probability) : nil
    }

    /// Provisional severity one below the configured one, then one step up per escalation.
    package func severity(level: Int) -> Severity {
        let raw = configuration.severity.rawValue - 1 + level
        return Severity(rawValue: min(max(raw, Severity.low.rawValue), Severity.critical.rawValue)) ?? .critical
    }
}
