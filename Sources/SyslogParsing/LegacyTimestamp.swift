import WFPCore

/// The BSD syslog time `Mmm dd hh:mm:ss` (RFC 3164), with what devices add to it: a zero-padded
/// or one-digit day, a year before the time (Cisco `Feb 28 2024 00:20:10`) and a fraction after
/// the seconds (`.663`). Most of these carry no year; `timestamp` picks the one closest to receipt.
struct LegacyTimestamp: Equatable {
    var month: Int
    var day: Int
    var year: Int?
    var hour: Int
    var minute: Int
    var second: Int
    var nanosecond: Int

    /// Reads from the cursor; nil (and no move) when the bytes are not such a time.
    static func read(_ cursor: inout ByteCursor) -> LegacyTimestamp? {
        let start = cursor.index
        guard let time = readFields(&cursor) else {
            cursor.index = start
            return nil
        }
        return time
    }

    /// The time read `offsetSeconds` east of UTC. Without a year, the candidate year (around the
    /// receive year) that puts the time closest to `receivedAt` wins, so `Dec 31 23:59:58`
    /// received on Jan 1 lands in the old year. Nil for a date no nearby year has (Feb 30).
    func timestamp(offsetSeconds: Int, receivedAt: Timestamp) -> Timestamp? {
        if let year { return timestamp(year: year, offsetSeconds: offsetSeconds) }

        let receiptYear = CivilTime.components(of: receivedAt + .seconds(offsetSeconds)).year
        if let closest = closest(to: receivedAt, years: receiptYear - 1...receiptYear + 1, offsetSeconds) {
            return closest
        }
        // Only Feb 29 gets here: look as far as the nearest leap years.
        return closest(to: receivedAt, years: receiptYear - 4...receiptYear + 4, offsetSeconds)
    }

    private func timestamp(year: Int, offsetSeconds: Int) -> Timestamp? {
        CivilTime.timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59),
            nanosecond: nanosecond, offsetSeconds: offsetSeconds)
    }

    private func closest(to receivedAt: Timestamp, years: ClosedRange<Int>, _ offsetSeconds: Int) -> Timestamp? {
        var best: Timestamp?
        var bestDistance = UInt64.max
        for year in years {
            guard let candidate = timestamp(year: year, offsetSeconds: offsetSeconds) else { continue }
            let distance = (candidate.nanosecondsSinceEpoch &- receivedAt.nanosecondsSinceEpoch).magnitude
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }

    private static func readFields(_ cursor: inout ByteCursor) -> LegacyTimestamp? {
        guard let month = readMonth(&cursor), cursor.consume(.asciiSpace) else { return nil }
        // The day is space-padded (`Dec  4`), zero-padded (`Dec 04`) or bare (`Dec 4`).
        _ = cursor.consume(.asciiSpace)
        guard let day = cursor.readDigits(maximumDigits: 2), day.value >= 1, cursor.consume(.asciiSpace) else {
            return nil
        }

        var year: Int?
        if cursor.peek(4) == .asciiSpace, let value = cursor.readFixedDigits(4) {
            year = value
            cursor.index += 1
        }

        guard let hour = cursor.readFixedDigits(2), cursor.consume(.asciiColon),
            let minute = cursor.readFixedDigits(2), cursor.consume(.asciiColon),
            let second = cursor.readFixedDigits(2), hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var time = LegacyTimestamp(
            month: month, day: day.value, year: year, hour: hour, minute: minute, second: second, nanosecond: 0)

        if cursor.peek() == .asciiDot, cursor.peek(1)?.isASCIIDigit == true {
            cursor.index += 1
            time.nanosecond = readFraction(&cursor)
        }
        return time
    }

    /// Fraction digits as nanoseconds; digits past the ninth are skipped.
    private static func readFraction(_ cursor: inout ByteCursor) -> Int {
        var nanosecond = 0
        var digits = 0
        while let byte = cursor.peek(), byte.isASCIIDigit {
            if digits < 9 {
                nanosecond = nanosecond * 10 + Int(byte &- .asciiZero)
                digits += 1
            }
            cursor.index += 1
        }
        for _ in digits..<9 { nanosecond *= 10 }
        return nanosecond
    }

    /// An English month abbreviation in any case, as 1...12.
    private static func readMonth(_ cursor: inout ByteCursor) -> Int? {
        guard let first = cursor.peek(), let second = cursor.peek(1), let third = cursor.peek(2) else { return nil }
        // Setting bit 5 lowercases letters; the only other byte it maps onto a letter is that
        // letter's uppercase form, so the packed key cannot match anything but the name.
        let key = UInt32(first | 0x20) << 16 | UInt32(second | 0x20) << 8 | UInt32(third | 0x20)
        let month: Int
        switch key {
        case 0x6A_616E: month = 1  // jan
        case 0x66_6562: month = 2  // feb
        case 0x6D_6172: month = 3  // mar
        case 0x61_7072: month = 4  // apr
        case 0x6D_6179: month = 5  // may
        case 0x6A_756E: month = 6  // jun
        case 0x6A_756C: month = 7  // jul
        case 0x61_7567: month = 8  // aug
        case 0x73_6570: month = 9  // sep
        case 0x6F_6374: month = 10  // oct
        case 0x6E_6F76: month = 11  // nov
        case 0x64_6563: month = 12  // dec
        default: return nil
        }
        cursor.index += 3
        return month
    }
}
