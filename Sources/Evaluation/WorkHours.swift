import WFPCore

/// Office hours of a host in its own zone: weekdays, 09:00 to 17:00 local time.
public struct WorkHours: Sendable, Equatable {
    /// The host's zone, seconds east of UTC.
    public var utcOffsetSeconds: Int
    public var startHour = 9
    public var endHour = 17

    public init(utcOffsetSeconds: Int) {
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Whether `time` falls on a weekday between the start and end hour, local time.
    public func contains(_ time: Timestamp) -> Bool {
        let local = time.secondsSinceEpoch + Int64(utcOffsetSeconds)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        // 1970-01-01 was a Thursday: Monday is 0 after shifting by 3.
        let weekday = ((days + 3) % 7 + 7) % 7
        guard weekday < 5 else { return false }
        return secondOfDay >= Int64(startHour * 3600) && secondOfDay < Int64(endHour * 3600)
    }

    /// Seconds of work hours in a week.
    public var secondsPerWeek: Int { 5 * (endHour - startHour) * 3600 }
}
