import EventDecoding
import WFPCore

/// The counters every frame touches, looked up once so the receiving threads never take the
/// registry's lock per message.
package final class PipelineCounters: Sendable {
    private let eventsByKind: [EventKind: Counter]
    package let skippedNotAnalysed: Counter
    package let skippedNotWindowsEvent: Counter
    private let failuresByReason: [DecodeFailure.Reason: Counter]
    package let invalidUTF8Messages: Counter
    package let truncatedMessages: Counter

    package init(metrics: MetricsRegistry) {
        var kinds: [EventKind: Counter] = [:]
        for kind in EventKind.allCases {
            kinds[kind] = metrics.counter("wfpwatch_events_total", ["kind": kind.rawValue])
        }
        eventsByKind = kinds

        skippedNotAnalysed = metrics.counter("wfpwatch_events_skipped_total", ["reason": "event_not_analysed"])
        skippedNotWindowsEvent = metrics.counter("wfpwatch_events_skipped_total", ["reason": "not_windows_event"])

        var reasons: [DecodeFailure.Reason: Counter] = [:]
        for reason in DecodeFailure.Reason.allCases {
            reasons[reason] = metrics.counter("wfpwatch_parse_failures_total", ["reason": reason.rawValue])
        }
        failuresByReason = reasons

        invalidUTF8Messages = metrics.counter("wfpwatch_invalid_utf8_messages_total")
        truncatedMessages = metrics.counter("wfpwatch_truncated_messages_total")
    }

    package func event(_ kind: EventKind) -> Counter { eventsByKind[kind]! }

    package func failure(_ reason: DecodeFailure.Reason) -> Counter { failuresByReason[reason]! }
}
