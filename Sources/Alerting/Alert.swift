import Detection
import Enrichment
import EventDecoding
import WFPCore

/// An alert as delivered to every sink.
public struct Alert: Equatable, Sendable {
    /// Stable id derived from the alert's content, so that a receiver can drop duplicates.
    public var id: String
    public var finding: Finding
    /// The event that raised it.
    public var event: NormalizedEvent
    /// How many findings of the same key were held back since the previous alert of that key.
    public var suppressedCount: Int
    /// What the host's memory adds: the process's creation record (command line, parent,
    /// user) and the destination's DNS name.
    package var context: ConnectionContext?
    /// Country and autonomous system of the destination, when a GeoIP database knows it.
    package var geo: GeoRecord?
    /// What the host did before the alert: the process's creation chain and related events.
    package var timeline: Timeline?

    public init(id: String, finding: Finding, event: NormalizedEvent, suppressedCount: Int) {
        self.id = id
        self.finding = finding
        self.event = event
        self.suppressedCount = suppressedCount
    }
}

/// Delivers alerts somewhere. Called from one thread at a time.
public protocol AlertSink: AnyObject, Sendable {
    func deliver(_ alert: Alert)
    /// Pushes out anything buffered (called after each batch and at stop).
    func flush()
    /// Drops the alerts `withdrawal` covers that the sink still holds undelivered (queued or
    /// waiting in the outbox); returns how many. Called on the same thread as `deliver`.
    func withdraw(_ withdrawal: AlertWithdrawal) -> Int
    /// Reopens the files the sink writes by name, so one renamed away (logrotate) is followed
    /// by a new file at the configured path. Called on SIGHUP, on the same thread as `deliver`.
    func reopen()
}

extension AlertSink {
    /// Sinks that write no named file have nothing to reopen.
    public func reopen() {}
}
