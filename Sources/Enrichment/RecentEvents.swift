import WFPCore

/// The recent events of one host in a ring bounded by count and by event time: at most
/// `maximumEvents`, none older than `window` before the newest event seen.
///
/// Events are kept in arrival order. Forwarders deliver channels apart (all Security events of
/// a minute, then the Sysmon ones), so the front is not always the oldest by time; the window
/// drops from the front only, and an event already older than the window when it arrives is
/// not kept. Readers sort by time.
package struct RecentEvents: Sendable {
    package struct Limits: Equatable, Sendable {
        package var maximumEvents: Int
        package var window: Duration

        package init(maximumEvents: Int = 256, window: Duration = .seconds(900)) {
            self.maximumEvents = maximumEvents
            self.window = window
        }
    }

    package let limits: Limits
    /// `limits.window` once converted, since every event measures the window.
    private let windowNanoseconds: Int64
    /// Grows up to `limits.maximumEvents`, then is overwritten in place from `head`.
    private var slots: [RecentEvent] = []
    /// Index of the oldest kept event.
    private var head = 0
    package private(set) var count = 0
    /// The latest event time seen, which the window is measured back from.
    package private(set) var newestTime: Timestamp?
    /// Events dropped for the count, for the window, or too old on arrival.
    package private(set) var evictedCount = 0

    package init(limits: Limits = Limits()) {
        self.limits = limits
        windowNanoseconds = limits.window.nanosecondsTotal
    }

    // MARK: Recording

    /// Keeps `event`, first dropping what falls out of the window or over the count.
    package mutating func record(_ event: consuming RecentEvent) {
        guard limits.maximumEvents > 0 else { return }
        let newest = max(newestTime ?? event.time, event.time)
        newestTime = newest
        let oldestKept = Timestamp(nanosecondsSinceEpoch: newest.nanosecondsSinceEpoch &- windowNanoseconds)
        guard event.time >= oldestKept else {
            evictedCount += 1
            return
        }

        while count > 0 && slots[head].time < oldestKept { dropOldest() }
        if count == limits.maximumEvents { dropOldest() }
        append(event)
    }

    private mutating func append(_ event: consuming RecentEvent) {
        if count == slots.count {
            // Room to grow: lay the ring out from index 0 first so the new slot follows the last.
            if head != 0 {
                slots = Array(slots[head...] + slots[..<head])
                head = 0
            }
            slots.append(event)
        } else {
            slots[(head + count) % slots.count] = event
        }
        count += 1
    }

    private mutating func dropOldest() {
        head = (head + 1) % slots.count
        count -= 1
        evictedCount += 1
    }

    // MARK: Reading

    /// The kept events in arrival order, oldest first.
    package var events: [RecentEvent] {
        (0..<count).map { slots[(head + $0) % slots.count] }
    }

    /// Calls `body` with each kept event in arrival order, oldest first, copying nothing.
    package func forEach(_ body: (RecentEvent) -> Void) {
        for offset in 0..<count {
            body(slots[(head + offset) % slots.count])
        }
    }
}
