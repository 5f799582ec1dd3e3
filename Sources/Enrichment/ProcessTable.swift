import EventDecoding
import WFPCore

/// The processes of one host, from their creation and end records, driven by event time.
///
/// A connection joins to the process that held its PID at the connection's time: the latest
/// start at or before it that had not ended before it, since Windows reuses PIDs. The table
/// keeps at most `maximumProcesses` records and evicts the oldest inserted first.
package struct ProcessTable: Sendable {
    package struct Limits: Equatable, Sendable {
        package var maximumProcesses: Int
        /// Two creation records of one PID and image this close are one start (4688 + Sysmon 1).
        package var mergeWindow: Duration
        /// A start this far after a connection still counts when no earlier holder of the PID
        /// is known: the Security and Sysmon channels stamp times apart, some to the second.
        package var clockSlack: Duration
        package var maximumAncestryDepth: Int

        package init(
            maximumProcesses: Int = 4096, mergeWindow: Duration = .seconds(5), clockSlack: Duration = .seconds(2),
            maximumAncestryDepth: Int = 16
        ) {
            self.maximumProcesses = maximumProcesses
            self.mergeWindow = mergeWindow
            self.clockSlack = clockSlack
            self.maximumAncestryDepth = maximumAncestryDepth
        }
    }

    /// What recording a creation did.
    package enum StartOutcome: Equatable, Sendable {
        case added
        /// Another record of the same start was already there (4688 and Sysmon 1).
        case merged
    }

    package let limits: Limits
    /// Records per PID in start order; a PID rarely has more than a few.
    var recordsByPID: [UInt32: [Entry]] = [:]
    /// Insertion order for eviction.
    private var order = InsertionOrder<UInt32>()

    package private(set) var count = 0
    package private(set) var evictedCount = 0
    package private(set) var unmatchedEndCount = 0

    struct Entry: Sendable {
        var serial: UInt64
        var record: ProcessRecord
    }

    package init(limits: Limits = Limits()) {
        self.limits = limits
    }

    // MARK: Recording

    /// Records a creation, merging it into a record of the same start when there is one.
    @discardableResult
    package mutating func recordStart(_ record: ProcessRecord) -> StartOutcome {
        var entries = recordsByPID[record.pid] ?? []
        if let index = entries.firstIndex(where: { isSameStart($0.record, record) }) {
            entries[index].record.merge(record)
            entries.sort { $0.record.startTime < $1.record.startTime }
            recordsByPID[record.pid] = entries
            return .merged
        }

        let serial = order.append(record.pid)
        let position = entries.lastIndex { $0.record.startTime <= record.startTime }.map { $0 + 1 } ?? 0
        entries.insert(Entry(serial: serial, record: record), at: position)
        recordsByPID[record.pid] = entries
        count += 1

        evictOverLimit()
        return .added
    }

    /// Marks the process that held `pid` at `time` as ended; returns false when no record
    /// matches (its start was never seen). A second end of one process (4689 and Sysmon 5)
    /// keeps the first.
    @discardableResult
    package mutating func recordEnd(pid: UInt32, image: String, path: String, at time: Timestamp) -> Bool {
        guard var entries = recordsByPID[pid] else {
            unmatchedEndCount += 1
            return false
        }
        let matching = candidateIndices(in: entries, at: time).filter { matches(entries[$0].record, image, path) }
        if let running = matching.first(where: { entries[$0].record.endTime == nil }) {
            entries[running].record.endTime = time
            recordsByPID[pid] = entries
            return true
        }
        if matching.contains(where: { entries[$0].record.endTime.map { time - $0 <= limits.mergeWindow } ?? false }) {
            return true
        }
        unmatchedEndCount += 1
        return false
    }

    // MARK: Lookup

    /// The process that held `pid` at `time`, when its creation was recorded and its image
    /// agrees with `image` and `path` (either may be empty for unknown).
    package func process(pid: UInt32, image: String = "", path: String = "", at time: Timestamp) -> ProcessRecord? {
        guard let entries = recordsByPID[pid] else { return nil }
        for index in candidateIndices(in: entries, at: time) {
            let record = entries[index].record
            if record.wasRunning(at: time) && matches(record, image, path) { return record }
        }
        return nil
    }

    /// The latest start at or before `time`, then the next start when it lies within the
    /// clock slack after `time`: neighbours in start order, so a range (no array per lookup).
    private func candidateIndices(in entries: [Entry], at time: Timestamp) -> Range<Int> {
        let earlier = entries.lastIndex { $0.record.startTime <= time }
        let next = earlier.map { $0 + 1 } ?? 0
        let nextIsClose = next < entries.count && entries[next].record.startTime <= time + limits.clockSlack
        return (earlier ?? next)..<(nextIsClose ? next + 1 : next)
    }

    private func matches(_ record: ProcessRecord, _ image: String, _ path: String) -> Bool {
        ImagePath.sameProcess(image: image, path: path, asImage: record.image, path: record.path)
    }

    private func isSameStart(_ existing: ProcessRecord, _ new: ProcessRecord) -> Bool {
        let apart = existing.startTime > new.startTime
            ? existing.startTime - new.startTime : new.startTime - existing.startTime
        return apart <= limits.mergeWindow && (existing.endTime.map { $0 >= new.startTime } ?? true)
            && matches(existing, new.image, new.path)
    }

    // MARK: Bounds

    private mutating func evictOverLimit() {
        while count > limits.maximumProcesses, let (pid, serial) = order.takeOldest() {
            guard var entries = recordsByPID[pid], let index = entries.firstIndex(where: { $0.serial == serial })
            else { continue }
            entries.remove(at: index)
            recordsByPID[pid] = entries.isEmpty ? nil : entries
            count -= 1
            evictedCount += 1
        }
        order.dropTakenFront()
    }
}
