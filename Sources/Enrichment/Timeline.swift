import EventDecoding
import WFPCore

/// What a host did before an alert, in time order: the creation chain of the alerting process
/// up to the oldest ancestor whose creation is known, then from the host's recent events those
/// that concern it:
///
/// - connections, DNS queries and the end of the process and of its parent;
/// - processes it started;
/// - connections of any process of the host to the same remote address (the browser that
///   downloaded a payload from the server the payload then calls);
/// - DNS queries of any process that resolved to that address.
///
/// The creation chain is shown whole (the ancestry depth bounds it); the other events only
/// within `window` before the alert, and at most `maximumEntries` lines in all, the ones
/// nearest the alert kept. The same line reported by two channels (5156 and Sysmon 3, 4688 and
/// Sysmon 1) a moment apart appears once, and the alert's own event not at all.
package struct Timeline: Equatable, Sendable {
    package struct Limits: Equatable, Sendable {
        package var maximumEntries: Int
        /// How far before the alert events are looked at.
        package var window: Duration
        /// Two identical lines this close are one event reported twice; an event of the
        /// alerting process this far before its recorded start still belongs to it.
        package var clockSlack: Duration

        package init(maximumEntries: Int = 32, window: Duration = .seconds(600), clockSlack: Duration = .seconds(2)) {
            self.maximumEntries = maximumEntries
            self.window = window
            self.clockSlack = clockSlack
        }
    }

    /// Oldest first.
    package var entries: [TimelineEntry]

    package init(entries: [TimelineEntry] = []) {
        self.entries = entries
    }

    package var isEmpty: Bool { entries.isEmpty }
}

extension Timeline {
    /// The timeline of an alert raised by `event`.
    ///
    /// - Parameters:
    ///   - creation: the creation record of the event's process, when known.
    ///   - ancestry: its known parents, nearest first (`ProcessTable.ancestry(of:)`).
    ///   - recent: the host's recent events, which may hold `event` itself.
    package init(
        about event: NormalizedEvent, creation: ProcessRecord?, ancestry: [ProcessRecord], recent: RecentEvents,
        limits: Limits = Limits()
    ) {
        let chain = ([creation].compactMap { $0 } + ancestry).reversed().map(TimelineEntry.init(creation:))
        let selection = TimelineSelection(event: event, creation: creation, parent: ancestry.first, limits: limits)

        var related: [TimelineEntry] = []
        recent.forEach { remembered in
            guard selection.isRelated(remembered) else { return }
            related.append(TimelineEntry(remembered))
        }
        let kept = selection.distinct(Self.inTimeOrder(related), besides: chain)
        let room = max(0, limits.maximumEntries - chain.count)
        let nearest = kept.suffix(room)
        self.init(entries: Self.inTimeOrder(chain.suffix(limits.maximumEntries) + nearest))
    }

    /// `entries` by time; entries of one time keep their order.
    static func inTimeOrder(_ entries: [TimelineEntry]) -> [TimelineEntry] {
        entries.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
    }
}
