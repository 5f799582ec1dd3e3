import WFPCore

/// Callback times of a periodic series (a beacon or a benign poller): each interval is
/// period × (1 + U(−jitter, jitter)); a scheduled callback is missed with `missedShare`, and
/// outside office hours is skipped when `workHours` is set. A callback sometimes logs a second
/// event a fraction of a second later, as a retried or re-authorized connection does.
public struct PeriodicSchedule: Sendable {
    public var periodNanoseconds: Double
    /// Relative jitter, 0.3 for ±30 %.
    public var jitter: Double
    public var missedShare: Double
    public var workHours: WorkHours?
    /// Callbacks delivered before the series ends.
    public var callbackLimit: Int
    public var end: Timestamp
    /// Share of callbacks that log a second event within 0.6 s.
    public var duplicateShare: Double

    private var nextTick: Int64
    private var pendingDuplicate: Int64?
    public private(set) var delivered = 0

    public init(
        period: Duration, jitter: Double, missedShare: Double, workHours: WorkHours?, callbackLimit: Int,
        start: Timestamp, end: Timestamp, duplicateShare: Double
    ) {
        self.periodNanoseconds = Double(period.nanosecondsTotal)
        self.jitter = jitter
        self.missedShare = missedShare
        self.workHours = workHours
        self.callbackLimit = callbackLimit
        self.end = end
        self.duplicateShare = duplicateShare
        self.nextTick = start.nanosecondsSinceEpoch
    }

    /// The next event time and whether it starts a new callback; nil when the series is over.
    public mutating func next(using random: inout SplitMix64) -> (time: Timestamp, isCallback: Bool)? {
        if let duplicate = pendingDuplicate {
            pendingDuplicate = nil
            return (Timestamp(nanosecondsSinceEpoch: duplicate), false)
        }
        guard delivered < callbackLimit else { return nil }

        while true {
            let tick = nextTick
            let interval = periodNanoseconds * (1 + random.uniform(-jitter, jitter))
            nextTick = tick + Int64(interval.rounded())
            guard tick <= end.nanosecondsSinceEpoch else { return nil }

            let time = Timestamp(nanosecondsSinceEpoch: tick)
            if let workHours, !workHours.contains(time) { continue }
            if random.chance(missedShare) { continue }

            delivered += 1
            if random.chance(duplicateShare) {
                pendingDuplicate = tick + Int64(random.uniform(0.05, 0.6) * 1e9)
            }
            return (time, true)
        }
    }
}
