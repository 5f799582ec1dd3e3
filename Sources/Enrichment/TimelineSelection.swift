import EventDecoding
import WFPCore

/// Which of a host's recent events belong in an alert's timeline (see `Timeline`).
struct TimelineSelection {
    /// A process whose own events are shown: the alerting process or its parent.
    private struct Subject {
        var pid: UInt32
        var image: String
        /// Its recorded start; events before it (less the slack) are an earlier holder's.
        var startTime: Timestamp?
    }

    private let alertTime: Timestamp
    private let earliest: Timestamp
    private let limits: Timeline.Limits
    private let subjects: [Subject]
    /// The alerting process, whose children are shown.
    private let alerting: Subject?
    /// The far end of the alert's connection.
    private let remoteAddress: IPAddress?
    /// The alert's own event, whose line is left out of its timeline.
    private let own: RecentEvent

    init(event: NormalizedEvent, creation: ProcessRecord?, parent: ProcessRecord?, limits: Timeline.Limits) {
        let remembered = RecentEvent.compact(event)
        alertTime = event.time
        earliest = event.time + .nanoseconds(-limits.window.nanosecondsTotal)
        self.limits = limits
        remoteAddress = remembered.endpoints?.remoteAddress
        own = remembered

        let pid = creation?.pid ?? remembered.pid
        let image = creation?.image ?? remembered.image
        alerting = pid.map { Subject(pid: $0, image: image, startTime: creation?.startTime) }
        let parentSubject = creation?.parentPID.map {
            Subject(pid: $0, image: parent?.image ?? creation?.parentImage ?? "", startTime: parent?.startTime)
        }
        subjects = [alerting, parentSubject].compactMap { $0 }
    }

    // MARK: Relation

    /// Whether `event` lies in the window before the alert and concerns it.
    func isRelated(_ event: RecentEvent) -> Bool {
        guard event.time >= earliest, event.time <= alertTime else { return false }
        switch event.detail {
        case .processStart(_, let parentPID):
            // The subjects' own starts come from the creation chain.
            guard let alerting, let parentPID, parentPID == alerting.pid else { return false }
            return isSince(event, alerting)
        case .processEnd:
            return concernsSubject(event)
        case .dnsQuery(_, let answers, _):
            return concernsSubject(event) || remoteAddress.map(answers.contains) == true
        case .connection(let endpoints):
            return concernsSubject(event) || (remoteAddress != nil && endpoints.remoteAddress == remoteAddress)
        }
    }

    private func concernsSubject(_ event: RecentEvent) -> Bool {
        subjects.contains { subject in
            event.pid == subject.pid && isSince(event, subject)
                && ImagePath.sameProcess(image: event.image, path: "", asImage: subject.image, path: "")
        }
    }

    private func isSince(_ event: RecentEvent, _ subject: Subject) -> Bool {
        guard let startTime = subject.startTime else { return true }
        return event.time + limits.clockSlack >= startTime
    }

    // MARK: Duplicates

    /// `entries` (in time order) without those repeating an entry of `chain`, an earlier kept
    /// entry or the alert's own line within the clock slack.
    func distinct(_ entries: [TimelineEntry], besides chain: [TimelineEntry]) -> [TimelineEntry] {
        // The alert's own line is written only when there is something to compare it with.
        guard !entries.isEmpty else { return [] }
        let ownLine = TimelineEntry(own)
        var kept: [TimelineEntry] = []
        for entry in entries where !isRepeat(entry, of: ownLine) {
            let seen = chain.contains { isRepeat(entry, of: $0) }
                || kept.reversed().contains { isRepeat(entry, of: $0) }
            if !seen { kept.append(entry) }
        }
        return kept
    }

    /// Same process, kind and text, a moment apart. Starts compare without text: a chain line
    /// shows the path when the record has no command line.
    private func isRepeat(_ entry: TimelineEntry, of other: TimelineEntry) -> Bool {
        let apart = entry.time > other.time ? entry.time - other.time : other.time - entry.time
        return apart <= limits.clockSlack && entry.kind == other.kind && entry.pid == other.pid
            && entry.image == other.image && (entry.kind == .processStart || entry.text == other.text)
    }
}
