import Detection
import EventDecoding
import WFPCore

/// Turns findings into alerts, holding back repeats of the same thing within a window.
///
/// A key is (rule, host, image, destination address, destination port). The first finding of a
/// key raises an alert and opens a window; findings of that key inside the window are only
/// counted, unless its severity is above every alert of the window so far (an escalation, such
/// as a beacon whose evidence grew), which alerts at once; the first finding after the window
/// raises an alert that carries the held-back count and opens a new window. Time is the event's own time, so replaying a capture suppresses
/// exactly as live traffic did. The window reaches both ways from its start: an event up to a
/// window older than the start counts as inside it, and one further away in either direction
/// alerts, so a single event from a host with a wrong clock (or a forged date far ahead) cannot
/// silence its key for the years in between.
///
/// Memory is bounded: past `maximumKeys`, the tenth of keys with the oldest windows is evicted
/// in one pass (so eviction costs O(log n) per insert on average), and the evictions and the
/// held-back findings they drop are counted.
public struct AlertSuppressor: Sendable {
    public let window: Duration
    public let maximumKeys: Int
    /// Keys evicted to stay under `maximumKeys`.
    public private(set) var evictedKeyCount = 0
    /// Held-back findings whose count was lost with an evicted key.
    public private(set) var evictedSuppressedCount = 0

    private var entries: [Key: Entry] = [:]
    private let windowNanoseconds: Int64

    private struct Key: Hashable {
        var rule: String
        var host: String
        var image: String
        var destinationAddress: IPAddress?
        var destinationPort: UInt16
    }

    private struct Entry {
        var windowStart: Int64
        var suppressed: Int
        /// The highest severity alerted in this window.
        var severity: Severity
    }

    public init(window: Duration = .seconds(600), maximumKeys: Int = 100_000) {
        self.window = window
        self.windowNanoseconds = window.nanosecondsTotal
        self.maximumKeys = max(1, maximumKeys)
    }

    /// How many keys are being tracked.
    public var keyCount: Int { entries.count }

    /// The alert for this finding, or nil when it falls in its key's open window.
    public mutating func process(_ finding: Finding, event: NormalizedEvent) -> Alert? {
        let key = Self.key(finding, event)
        let time = event.time.nanosecondsSinceEpoch

        // A known key is found once and its entry changed in place.
        if let index = entries.index(forKey: key) {
            let entry = entries.values[index]
            if (time &- entry.windowStart).magnitude < UInt64(windowNanoseconds) {
                guard finding.severity > entry.severity else {
                    entries.values[index].suppressed += 1
                    return nil
                }
                entries.values[index].suppressed = 0
                entries.values[index].severity = finding.severity
                return alert(finding, event, suppressedCount: entry.suppressed)
            }
            entries.values[index] = Entry(windowStart: time, suppressed: 0, severity: finding.severity)
            return alert(finding, event, suppressedCount: entry.suppressed)
        }

        entries[key] = Entry(windowStart: time, suppressed: 0, severity: finding.severity)
        if entries.count > maximumKeys { evictOldest() }
        return alert(finding, event, suppressedCount: 0)
    }

    private func alert(_ finding: Finding, _ event: NormalizedEvent, suppressedCount: Int) -> Alert {
        Alert(
            id: AlertID.make(rule: finding.rule, event: event), finding: finding, event: event,
            suppressedCount: suppressedCount)
    }

    private mutating func evictOldest() {
        let count = max(1, entries.count - maximumKeys + maximumKeys / 10)
        let oldest = entries.sorted { $0.value.windowStart < $1.value.windowStart }.prefix(count)
        for (key, entry) in oldest {
            entries[key] = nil
            evictedKeyCount += 1
            evictedSuppressedCount += entry.suppressed
        }
    }

    private static func key(_ finding: Finding, _ event: NormalizedEvent) -> Key {
        let connection = event.connection
        return Key(
            rule: finding.rule, host: event.host, image: connection?.process.image ?? "",
            destinationAddress: connection?.destinationAddress, destinationPort: connection?.destinationPort ?? 0)
    }
}
