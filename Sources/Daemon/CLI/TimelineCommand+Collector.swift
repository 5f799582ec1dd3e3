import Enrichment
import EventDecoding
import WFPCore

/// The events of one host within a time range, gathered in input order and given back as
/// timeline lines in time order.
struct TimelineCollector {
    private let host: String
    private let range: ClosedRange<Timestamp>
    private var collected: [RecentEvent] = []

    init(host: String, range: ClosedRange<Timestamp>) {
        self.host = host
        self.range = range
    }

    mutating func add(_ event: NormalizedEvent) {
        guard range.contains(event.time), Self.hostMatches(event.host, host) else { return }
        collected.append(RecentEvent(event))
    }

    /// Oldest first; events of one time keep their input order (captures often hold the
    /// Security channel's events before the Sysmon ones of the same minutes).
    var entries: [TimelineEntry] {
        collected.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map { TimelineEntry($0.element) }
    }

    /// Names compare without case; a name without a dot also matches the first label of a
    /// full name (`workstation5` matches `WORKSTATION5.mordor.local`).
    static func hostMatches(_ eventHost: String, _ wanted: String) -> Bool {
        let eventName = eventHost.lowercased()
        let wantedName = wanted.lowercased()
        if eventName == wantedName { return true }
        guard !wantedName.contains("."), let dot = eventName.firstIndex(of: ".") else { return false }
        return eventName[..<dot] == wantedName
    }
}
