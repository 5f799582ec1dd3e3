import Detection
import WFPCore

/// One worker's correlation engine counters, published to the metrics registry after each
/// batch so that `serve`'s STATUS= and `replay --stats` can sum them over workers without
/// touching the engine, which only its worker's thread may read.
///
/// Tracked keys is a gauge (`wfpwatch_correlation_tracked_keys`); the rest are counters
/// advanced by what changed since the last batch.
package struct CorrelationCounters {
    package static let trackedKeysName = "wfpwatch_correlation_tracked_keys"
    package static let evictedKeysName = "wfpwatch_correlation_evicted_keys_total"
    package static let expiredKeysName = "wfpwatch_correlation_expired_keys_total"
    package static let lateEventsName = "wfpwatch_correlation_late_events_total"
    package static let futureEventsName = "wfpwatch_correlation_future_events_total"
    package static let allowlistedEventsName = "wfpwatch_allowlisted_events_total"
    package static let purgedKeysName = "wfpwatch_allowlist_purged_keys_total"

    private let trackedKeys: Gauge
    private let counters: [(Counter, KeyPath<CorrelationEngine, Int>)]
    private var published: [Int]

    package init(metrics: MetricsRegistry, worker: Int) {
        let labels: KeyValuePairs = ["worker": String(worker)]
        trackedKeys = metrics.gauge(Self.trackedKeysName, labels)
        counters = [
            (metrics.counter(Self.evictedKeysName, labels), \.evictedKeyCount),
            (metrics.counter(Self.expiredKeysName, labels), \.expiredKeyCount),
            (metrics.counter(Self.lateEventsName, labels), \.lateEventCount),
            (metrics.counter(Self.futureEventsName, labels), \.futureEventCount),
            (metrics.counter(Self.allowlistedEventsName, labels), \.allowlistedEventCount),
            (metrics.counter(Self.purgedKeysName, labels), \.purgedKeyCount),
        ]
        published = Array(repeating: 0, count: counters.count)
    }

    /// The engine was replaced by an empty one: its counts start again from 0, and the
    /// counters go on from where they are rather than going back.
    package mutating func engineReplaced() {
        published = Array(repeating: 0, count: counters.count)
    }

    /// Brings the registry up to `engine`'s counts.
    package mutating func publish(_ engine: CorrelationEngine) {
        trackedKeys.set(engine.trackedKeyCount)
        for (index, (counter, path)) in counters.enumerated() {
            let value = engine[keyPath: path]
            if value != published[index] { counter.add(value - published[index]) }
            published[index] = value
        }
    }
}

/// The correlation counters summed over workers, as `serve` and `replay --stats` show them.
package struct CorrelationTotals: Equatable {
    package var trackedKeys = 0
    package var evictedKeys = 0
    package var expiredKeys = 0
    package var lateEvents = 0
    package var futureEvents = 0
    package var allowlistedEvents = 0

    package init(_ metrics: MetricsRegistry) {
        let gauges = metrics.gaugeValues()
        trackedKeys = gauges.reduce(0) { $0 + ($1.0.name == CorrelationCounters.trackedKeysName ? $1.1 : 0) }
        evictedKeys = metrics.total(CorrelationCounters.evictedKeysName)
        expiredKeys = metrics.total(CorrelationCounters.expiredKeysName)
        lateEvents = metrics.total(CorrelationCounters.lateEventsName)
        futureEvents = metrics.total(CorrelationCounters.futureEventsName)
        allowlistedEvents = metrics.total(CorrelationCounters.allowlistedEventsName)
    }

    /// `tracked keys 120, evicted 0, expired 4, late 1, future 0, allowlisted 37`.
    package var text: String {
        "tracked keys \(trackedKeys), evicted \(evictedKeys), expired \(expiredKeys), late \(lateEvents), "
            + "future \(futureEvents), allowlisted \(allowlistedEvents)"
    }
}
