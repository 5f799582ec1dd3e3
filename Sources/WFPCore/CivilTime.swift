/// Calendar arithmetic and the date-time spellings Windows events and syslog use, read
/// straight from bytes.
public enum CivilTime {
    /// Days from 1970-01-01 to the given proleptic Gregorian date.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Years a `Timestamp` holds with room to spare (it spans 1677 to 2262); a time outside
    /// them is refused rather than wrapped.
    public static let representableYears = 1700...2200

    /// The timestamp of a civil date and time read in a zone `offsetSeconds` east of UTC.
    /// Returns nil when a component is out of range.
    public static func timestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int = 0,
        offsetSeconds: Int = 0
    ) -> Timestamp? {
        guard representableYears.contains(year), (1...12).contains(month),
            (1...daysInMonth(year: year, month: month)).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second), (0..<1_000_000_000).contains(nanosecond)
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Timestamp(secondsSinceEpoch: Int64(seconds), nanoseconds: Int64(nanosecond))
    }

    /// The civil date and time of `timestamp` in UTC.
    public static func components(
        of timestamp: Timestamp
    ) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int) {
        let seconds = Int(timestamp.secondsSinceEpoch)
        let nanosecond = Int(timestamp.nanosecondsSinceEpoch - Int64(seconds) * 1_000_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400

        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, nanosecond)
    }

    /// RFC 3339 in UTC with the fraction trimmed to milliseconds when it has no finer digits:
    /// `2020-08-07T18:32:09.583Z`, `2020-08-07T18:32:09Z`, `...09.123456789Z`.
    public static func rfc3339(_ timestamp: Timestamp) -> String {
        let c = components(of: timestamp)
        var text = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T"
        text += pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
        if c.nanosecond != 0 {
            text += c.nanosecond % 1_000_000 == 0 ? "." + pad(c.nanosecond / 1_000_000, 3) : "." + pad(c.nanosecond, 9)
        }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
