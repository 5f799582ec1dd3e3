/// The most recent intervals between callbacks of one series, oldest first, in milliseconds.
///
/// Held inline (a fixed tuple, no heap allocation) so that a series' state stays a small plain
/// value in the key store's slot array. When full, appending drops the oldest interval.
package struct BeaconIntervals: Sendable {
    /// Intervals kept per series.
    package static let capacity = 32

    private typealias Storage = (
        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
        UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32
    )

    private var storage: Storage = (
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    )
    package private(set) var count: UInt8 = 0

    package init() {}

    package init(_ milliseconds: [UInt32]) {
        for value in milliseconds { append(value) }
    }

    package subscript(position: Int) -> UInt32 {
        get {
            precondition(position >= 0 && position < Int(count), "interval \(position) outside 0..<\(count)")
            return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: position * 4, as: UInt32.self) }
        }
        set {
            precondition(position >= 0 && position < Int(count), "interval \(position) outside 0..<\(count)")
            withUnsafeMutableBytes(of: &storage) {
                $0.storeBytes(of: newValue, toByteOffset: position * 4, as: UInt32.self)
            }
        }
    }

    package var isFull: Bool { Int(count) == Self.capacity }

    package var values: [UInt32] {
        (0..<Int(count)).map { self[$0] }
    }

    /// Appends the newest interval, dropping the oldest when full.
    package mutating func append(_ milliseconds: UInt32) {
        insert(milliseconds, at: Int(count))
    }

    /// Inserts an interval at `position` (0 is the oldest); when full, the oldest is dropped
    /// first, so an insertion at 0 into a full ring is ignored.
    package mutating func insert(_ milliseconds: UInt32, at position: Int) {
        var position = position
        if isFull {
            guard position > 0 else { return }
            shift(from: 1, by: -1)
            position -= 1
        }
        count += 1
        shift(from: position, by: 1)
        self[position] = milliseconds
    }

    /// Moves the intervals at `start...` by `offset` places (±1), within the storage.
    private mutating func shift(from start: Int, by offset: Int) {
        let last = Int(count) - 1
        if offset > 0 {
            var position = last
            while position > start {
                self[position] = self[position - 1]
                position -= 1
            }
        } else {
            for position in start...max(start, last) where position <= last {
                self[position - 1] = self[position]
            }
            count -= 1
        }
    }
}
