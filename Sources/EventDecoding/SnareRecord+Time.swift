extension SnareRecord {
    private static let monthNames: [[UInt8]] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].map { Array($0.utf8) }

    /// Reads Snare's `Wed Dec 04 15:30:00 2024` (`Dec  4` also accepted) and writes it as
    /// `2024-12-04 15:30:00`; the zone stays unknown. Nil unless the whole column is such a time.
    static func eventTime(_ bytes: UnsafeRawBufferPointer) -> String? {
        var cursor = TimeCursor(bytes: bytes)
        guard cursor.skipLetters(3), cursor.skipSpaces(),
            let month = cursor.month(), cursor.skipSpaces(),
            let day = cursor.number(minimumDigits: 1, maximumDigits: 2), cursor.skipSpaces(),
            let hour = cursor.number(minimumDigits: 2, maximumDigits: 2), cursor.expect(":"),
            let minute = cursor.number(minimumDigits: 2, maximumDigits: 2), cursor.expect(":"),
            let second = cursor.number(minimumDigits: 2, maximumDigits: 2), cursor.skipSpaces(),
            let year = cursor.number(minimumDigits: 4, maximumDigits: 4), cursor.atEnd
        else { return nil }
        guard day >= 1 && day <= 31, hour < 24, minute < 60, second <= 60 else { return nil }

        let date = "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        return "\(date) \(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second))"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    private struct TimeCursor {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skipLetters(_ count: Int) -> Bool {
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where !isLetter(bytes[index + offset]) { return false }
            index += count
            return true
        }

        /// At least one space.
        mutating func skipSpaces() -> Bool {
            let start = index
            while index < bytes.count && bytes[index] == 0x20 { index += 1 }
            return index > start
        }

        mutating func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// The month number (1-12) of a three-letter English month name, any case.
        mutating func month() -> Int? {
            guard bytes.count - index >= 3 else { return nil }
            let name = (0..<3).map { bytes[index + $0] | 0x20 }
            guard let found = SnareRecord.monthNames.firstIndex(of: name) else { return nil }
            index += 3
            return found + 1
        }

        mutating func number(minimumDigits: Int, maximumDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while digits < maximumDigits, index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            return digits >= minimumDigits ? value : nil
        }

        private func isLetter(_ byte: UInt8) -> Bool {
            let folded = byte | 0x20
            return folded >= 0x61 && folded <= 0x7A
        }
    }
}
