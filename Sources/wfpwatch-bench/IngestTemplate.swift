import Foundation

/// One captured NXLog JSON event cut into literal pieces and slots, so a copy of it can be
/// written for another host, process and time without parsing the JSON again.
struct IngestTemplate {
    enum Slot {
        case host
        /// `2020-08-07 14:32:08` (EventTime, EventReceivedTime).
        case secondsTime
        /// `2020-08-07 18:32:07.339` (UtcTime).
        case millisecondsTime
        /// `2020-08-07T18:32:11.584Z` (@timestamp).
        case isoTime
        case processID(Int)
    }

    enum Piece {
        case literal([UInt8])
        case slot(Slot)
    }

    /// The keys whose values are rewritten, with the slot each becomes.
    private static let rotatedKeys: [(String, @Sendable (Int) -> Slot)] = [
        ("Hostname", { _ in .host }), ("EventTime", { _ in .secondsTime }),
        ("EventReceivedTime", { _ in .secondsTime }), ("UtcTime", { _ in .millisecondsTime }),
        ("@timestamp", { _ in .isoTime }), ("ProcessId", { .processID($0) }), ("ProcessID", { .processID($0) }),
    ]

    let pieces: [Piece]

    /// Nil when the line has no `"Hostname":` value to rotate.
    init?(jsonLine: [UInt8]) {
        var slots: [(range: Range<Int>, slot: Slot)] = []
        for (key, makeSlot) in Self.rotatedKeys {
            guard let range = Self.valueRange(of: key, in: jsonLine) else { continue }
            let number = Int(String(decoding: jsonLine[range], as: UTF8.self)) ?? 0
            slots.append((range, makeSlot(number)))
        }
        guard slots.contains(where: { if case .host = $0.slot { true } else { false } }) else { return nil }
        slots.sort { $0.range.lowerBound < $1.range.lowerBound }

        var pieces: [Piece] = []
        var position = 0
        for (range, slot) in slots where range.lowerBound >= position {
            pieces.append(.literal(Array(jsonLine[position..<range.lowerBound])))
            pieces.append(.slot(slot))
            position = range.upperBound
        }
        pieces.append(.literal(Array(jsonLine[position...])))
        self.pieces = pieces
    }

    /// The bytes of the value of top-level-looking `"key":`, without its quotes.
    private static func valueRange(of key: String, in line: [UInt8]) -> Range<Int>? {
        let needle = Array("\"\(key)\":".utf8)
        guard let start = firstIndex(of: needle, in: line) else { return nil }
        var index = start + needle.count
        guard index < line.count else { return nil }

        if line[index] == UInt8(ascii: "\"") {
            index += 1
            guard let end = line[index...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return index..<end
        }
        let end = line[index...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? line.count
        return index..<end
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && Array(haystack[start..<start + needle.count]) == needle {
            return start
        }
        return nil
    }
}
