/// A point in time as nanoseconds since the Unix epoch, UTC.
///
/// Event time (the time an event says it happened) drives every window in wfpwatch, so this
/// type is a plain value that detectors compare and subtract; wall-clock time is only read at
/// the edges (receipt) and passed in.
public struct Timestamp: Hashable, Comparable, Sendable {
    public var nanosecondsSinceEpoch: Int64

    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    public init(secondsSinceEpoch: Int64, nanoseconds: Int64 = 0) {
        self.nanosecondsSinceEpoch = secondsSinceEpoch &* 1_000_000_000 &+ nanoseconds
    }

    /// Whole seconds, rounded toward the past.
    public var secondsSinceEpoch: Int64 {
        let (quotient, remainder) = nanosecondsSinceEpoch.quotientAndRemainder(dividingBy: 1_000_000_000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    public static func + (lhs: Timestamp, rhs: Duration) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: lhs.nanosecondsSinceEpoch &+ rhs.nanosecondsTotal)
    }

    public static func - (lhs: Timestamp, rhs: Timestamp) -> Duration {
        .nanoseconds(lhs.nanosecondsSinceEpoch &- rhs.nanosecondsSinceEpoch)
    }
}

extension Duration {
    /// The duration as a whole number of nanoseconds (saturating).
    public var nanosecondsTotal: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000
    }
}
