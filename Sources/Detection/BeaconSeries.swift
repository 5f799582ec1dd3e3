/// The timing state of one series key: its callbacks (coalesced connection attempts) and the
/// intervals between them.
///
/// Times are event-time nanoseconds. An attempt within the coalescing gap of the previous
/// attempt extends the current callback; a later one starts a new callback. An attempt older
/// than the latest callback (out of order, already accepted by the engine's tolerance) is
/// placed where it belongs by splitting the interval it falls in.
package struct BeaconSeries: Sendable {
    /// Start of the first callback seen (for the span).
    package internal(set) var firstCallbackNanoseconds: Int64
    /// Start of the latest callback.
    package internal(set) var lastCallbackNanoseconds: Int64
    /// Latest attempt of the latest callback; the coalescing gap is measured from it.
    package internal(set) var lastAttemptNanoseconds: Int64
    package internal(set) var callbacks: UInt32 = 1
    /// Escalation level of the last alert raised, -1 before the first.
    package var alertedLevel: Int8 = -1
    package internal(set) var intervals = BeaconIntervals()
    /// The event source whose attempts time the series (the first one seen). One connection is
    /// often logged twice (Filtering Platform 5156 and Sysmon 3), the Sysmon copy up to two
    /// seconds later; timing from one source keeps those copies from faking short intervals.
    package internal(set) var source: UInt8

    package init(firstAttemptNanoseconds: Int64, source: UInt8 = 0) {
        self.source = source
        firstCallbackNanoseconds = firstAttemptNanoseconds
        lastCallbackNanoseconds = firstAttemptNanoseconds
        lastAttemptNanoseconds = firstAttemptNanoseconds
    }

    /// Time from the first to the latest callback.
    package var spanNanoseconds: Int64 { lastCallbackNanoseconds - firstCallbackNanoseconds }

    /// Records one connection attempt and returns whether it made a new callback.
    package mutating func record(attemptNanoseconds time: Int64, coalesceGapNanoseconds gap: Int64) -> Bool {
        if time >= lastAttemptNanoseconds {
            if time - lastAttemptNanoseconds <= gap {
                lastAttemptNanoseconds = time
                return false
            }
            intervals.append(Self.milliseconds(time - lastCallbackNanoseconds))
            lastCallbackNanoseconds = time
            lastAttemptNanoseconds = time
            callbacks += 1
            return true
        }
        return recordLate(time, gap: gap)
    }

    /// Places an attempt older than the latest one: coalesced with a callback it is near,
    /// otherwise inserted between the two callbacks around it.
    private mutating func recordLate(_ time: Int64, gap: Int64) -> Bool {
        // Walk back from the latest callback; `end` is the start of the callback after interval i.
        var end = lastCallbackNanoseconds
        if time >= end - gap { return false }

        var position = Int(intervals.count) - 1
        while position >= 0 {
            let start = end - Int64(intervals[position]) * 1_000_000
            if time <= start + gap && time >= start - gap { return false }
            if time > start {
                intervals[position] = Self.milliseconds(end - time)
                intervals.insert(Self.milliseconds(time - start), at: position)
                callbacks += 1
                return true
            }
            end = start
            position -= 1
        }

        // Before every callback: it becomes the first, if the ring still holds every interval.
        guard !intervals.isFull, Int(callbacks) - 1 == Int(intervals.count) else { return false }
        intervals.insert(Self.milliseconds(firstCallbackNanoseconds - time), at: 0)
        firstCallbackNanoseconds = time
        callbacks += 1
        return true
    }

    private static func milliseconds(_ nanoseconds: Int64) -> UInt32 {
        UInt32(clamping: max(nanoseconds, 0) / 1_000_000)
    }
}
