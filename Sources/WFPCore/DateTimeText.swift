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
        var cursor = DigitCursor(bytes: bytes)
        guard let year = cursor.number(4), cursor.expect(0x2D), let month = cursor.number(2),
            cursor.expect(0x2D), let day = cursor.number(2)
        else { return nil }
        guard cursor.expect(0x54) || cursor.expect(0x74) || cursor.expect(0x20) else { return nil }
        guard let hour = cursor.number(2), cursor.expect(0x3A), let minute = cursor.number(2) else { return nil }
        var second = 0
        if cursor.expect(0x3A) {
            guard let value = cursor.number(2) else { return nil }
            second = value
        }

        var nanosecond = 0
        if cursor.index < bytes.count, bytes[cursor.index] == 0x2E || bytes[cursor.index] == 0x2C {
            cursor.index += 1
            var digits = 0
            while cursor.index < bytes.count, bytes[cursor.index] >= 0x30, bytes[cursor.index] <= 0x39 {
                if digits < 9 {
                    nanosecond = nanosecond * 10 + Int(bytes[cursor.index] - 0x30)
                    digits += 1
                }
                cursor.index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanosecond *= 10 }
        }

        var offset = defaultOffsetSeconds
        var hadZone = false
        if cursor.index < bytes.count, bytes[cursor.index] == 0x5A || bytes[cursor.index] == 0x7A {
            cursor.index += 1
            offset = 0
            hadZone = true
        } else if cursor.index < bytes.count, bytes[cursor.index] == 0x2B || bytes[cursor.index] == 0x2D {
            let sign = bytes[cursor.index] == 0x2D ? -1 : 1
            let start = cursor.index
            cursor.index += 1
            if let zoneHour = cursor.number(2) {
                _ = cursor.expect(0x3A)
                if let zoneMinute = cursor.number(2), zoneHour <= 23, zoneMinute <= 59 {
                    offset = sign * (zoneHour * 3600 + zoneMinute * 60)
                    hadZone = true
                } else {
                    cursor.index = start
                }
            } else {
                cursor.index = start
            }
        }

        guard let timestamp = CivilTime.timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59),
            nanosecond: nanosecond, offsetSeconds: offset)
        else { return nil }
        return Parsed(timestamp: timestamp, hadZone: hadZone, length: cursor.index)
    }
}

/// Reads fixed-width decimal fields; a struct rather than captured locals so that parsing
/// stays free of heap allocation in every build.
private struct DigitCursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    mutating func number(_ width: Int) -> Int? {
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

    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}
