import EventDecoding
import Foundation
import WFPCore

/// The queue in front of one detection worker, bounded in events.
///
/// `put` blocks while the queue holds `capacityEvents` or more, so a full worker stops the
/// receiving thread that feeds it: a TCP listener then stops reading and the kernel's window
/// slows the sender; UDP datagrams wait in the socket buffer (and are dropped by the kernel
/// once it is full). A batch is accepted whole even when it overshoots the bound, so a batch
/// larger than the capacity cannot wait forever.
package final class BoundedBatchQueue: @unchecked Sendable {
    /// What the queue holds: a batch of events, or a reload the worker applies between the
    /// batches before it and those after it.
    package enum Item: Sendable {
        case events([NormalizedEvent])
        case reconfigure(RuleAnalyzerParts)
        /// A request for the worker's state, answered between batches (`StateCollector`).
        case snapshot(StateCollector)
        /// A reloaded allowlist to apply to the worker's state and unsent alerts.
        case applyAllowlist(AllowlistApplication)

        /// The batch of an `.events` item, left empty in its place, so that the caller holds
        /// the batch's only reference and may move events out of it; nil for other items.
        package mutating func takeEvents() -> [NormalizedEvent]? {
            guard case .events(let batch) = self else { return nil }
            self = .events([])
            return batch
        }
    }

    package let capacityEvents: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var batches: [Item] = []
    private var queuedEvents = 0
    private var busy = false
    private var closed = false
    /// Batches ever queued, and how many of them `take()` has handed out (for the watchdog).
    private var putBatches = 0
    private var takenBatches = 0
    private let depth: Gauge
    private let waits: Counter

    package init(capacityEvents: Int, depth: Gauge, waits: Counter) {
        self.capacityEvents = capacityEvents
        self.depth = depth
        self.waits = waits
    }

    /// Queues `batch`, waiting while the queue is full. Returns false once the queue is closed.
    @discardableResult
    package func put(_ batch: consuming [NormalizedEvent]) -> Bool {
        condition.lock()
        defer { condition.unlock() }

        if queuedEvents >= capacityEvents && !closed { waits.add() }
        while queuedEvents >= capacityEvents && !closed { condition.wait() }
        guard !closed else { return false }

        // Only the worker waits for a batch, and only while the queue is empty: later puts
        // before its next take need not wake anyone.
        let wakesWorker = batches.isEmpty
        queuedEvents += batch.count
        batches.append(.events(consume batch))
        putBatches += 1
        depth.set(queuedEvents)
        if wakesWorker { condition.broadcast() }
        return true
    }

    /// Everything queued, waiting until something is; nil once closed and empty. The caller
    /// calls `finished()` when it has processed what it took.
    package func take() -> [Item]? {
        var taken: [Item] = []
        return take(into: &taken) ? taken : nil
    }

    /// `take()` into `items`, which must be empty: the queue's array and the caller's trade
    /// places, so both keep their capacity and a take allocates nothing. False once closed and
    /// empty.
    package func take(into items: inout [Item]) -> Bool {
        precondition(items.isEmpty, "take(into:) needs an empty array, got \(items.count) items")
        condition.lock()
        defer { condition.unlock() }

        while batches.isEmpty && !closed { condition.wait() }
        guard !batches.isEmpty else { return false }
        swap(&items, &batches)
        takenBatches = putBatches
        queuedEvents = 0
        depth.set(0)
        busy = true
        condition.broadcast()
        return true
    }

    package func finished() {
        condition.lock()
        busy = false
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every batch queued so far has been taken and processed.
    package func waitUntilIdle() {
        condition.lock()
        while !batches.isEmpty || busy { condition.wait() }
        condition.unlock()
    }

    /// Queues an empty batch without waiting for room and returns its ticket: once the worker
    /// has taken it (`hasTaken(ticket)`), the worker has finished everything before it.
    package func queueHeartbeat() -> Int {
        condition.lock()
        defer { condition.unlock() }

        guard !closed else { return putBatches }
        batches.append(.events([]))
        putBatches += 1
        condition.broadcast()
        return putBatches
    }

    /// Queues a reload behind everything queued so far, without waiting for room. Returns
    /// false once the queue is closed.
    @discardableResult
    package func putReconfigure(_ parts: RuleAnalyzerParts) -> Bool {
        putControl(.reconfigure(parts))
    }

    /// Queues an allowlist application behind everything queued so far, like `putReconfigure`.
    @discardableResult
    package func putAllowlist(_ application: AllowlistApplication) -> Bool {
        putControl(.applyAllowlist(application))
    }

    private func putControl(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }

        guard !closed else { return false }
        batches.append(item)
        putBatches += 1
        condition.broadcast()
        return true
    }

    /// Queues a state request behind everything queued so far, without waiting for room.
    /// Returns false once the queue is closed.
    @discardableResult
    package func putSnapshot(_ collector: StateCollector) -> Bool {
        condition.lock()
        defer { condition.unlock() }

        guard !closed else { return false }
        batches.append(.snapshot(collector))
        putBatches += 1
        condition.broadcast()
        return true
    }

    /// True once the batch of `ticket` has been taken, or the queue is closed.
    package func hasTaken(_ ticket: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed || takenBatches >= ticket
    }

    /// Wakes every waiter; later `put`s are refused and `take` returns what is left, then nil.
    package func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
