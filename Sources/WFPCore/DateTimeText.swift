/// Reads `YYYY-MM-DD[T| ]hh:mm[:ss][.f{1,9}][Z|±hh:mm|±hhmm]` from bytes: RFC 3339 / ISO 8601
/// as syslog and JSON exports write it, NXLog's `2020-08-07 14:32:07` and Sysmon's
/// `2020-08-07 18:32:09.583`. Fractions longer than nine digits are cut, not rejected.
public enum DateTimeText {
    public struct Parsed: Equatable, Sendable {
        public var timestamp: Timestamp
        /// The text carried a zone (Z or an offset); otherwise it was read in the given zone.
        public var hadZone: Bool
        /// Bytes consumed from the start of the input.
        public var length: Int
    }

    /// Parses from the start of `bytes`; trailing bytes after the time are left to the caller
    /// (see `length`). A zone-less time is read `defaultOffsetSeconds` east of UTC.
    public static func parse(_ bytes: UnsafeRawBufferPointer, defaultOffsetSeconds: Int = 0) -> Parsed? {
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<width {
                let byte = bytes[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2) else {
            return nil
        }
        guard index < bytes.count, bytes[index] == 0x54 || bytes[index] == 0x74 || bytes[index] == 0x20 else {
            return nil
        }
        index += 1
        guard let hour = number(2), expect(0x3A), let minute = number(2) else { return nil }
        var second = 0
        if expect(0x3A) {
            guard let value = number(2) else { return nil }
            second = value
        }

        var nanosecond = 0
        if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x2C {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if digits < 9 {
                    nanosecond = nanosecond * 10 + Int(bytes[index] - 0x30)
                    digits += 1
                }
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanosecond *= 10 }
        }

        var offset = defaultOffsetSeconds
        var hadZone = false
        if index < bytes.count, bytes[index] == 0x5A || bytes[index] == 0x7A {
            index += 1
            offset = 0
            hadZone = true
        } else if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
            let sign = bytes[index] == 0x2D ? -1 : 1
            let start = index
            index += 1
            if let zoneHour = number(2) {
                _ = expect(0x3A)
                if let zoneMinute = number(2), zoneHour <= 23, zoneMinute <= 59 {
                    offset = sign * (zoneHour * 3600 + zoneMinute * 60)
                    hadZone = true
                } else {
                    index = start
                }
            } else {
                index = start
            }
        }

        guard let timestamp = CivilTime.timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59),
            nanosecond: nanosecond, offsetSeconds: offset)
        else { return nil }
        return Parsed(timestamp: timestamp, hadZone: hadZone, length: index)
    }
}
