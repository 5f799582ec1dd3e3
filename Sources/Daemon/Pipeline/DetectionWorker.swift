import Alerting
import EventDecoding
import Foundation
import WFPCore

/// One detection worker: a thread that takes batches from its queue, runs its own analyzer
/// over them in order and hands the resulting alerts to the dispatcher.
package final class DetectionWorker: Sendable {
    package let index: Int
    package let queue: BoundedBatchQueue
    private let finishedSignal = DispatchSemaphore(value: 0)

    package init(index: Int, capacityEvents: Int, metrics: MetricsRegistry) {
        self.index = index
        self.queue = BoundedBatchQueue(
            capacityEvents: capacityEvents,
            depth: metrics.gauge("wfpwatch_queue_events", ["worker": String(index)]),
            waits: metrics.counter("wfpwatch_queue_full_waits_total", ["worker": String(index)]))
    }

    /// Starts the thread; the analyzer is made on it and never leaves it.
    package func start(makeAnalyzer: @escaping EventAnalyzerFactory, alerts: AlertDispatcher) {
        let queue = self.queue
        let index = self.index
        let finishedSignal = self.finishedSignal
        let thread = Thread {
            var analyzer = makeAnalyzer(index)
            var found: [Alert] = []
            var items: [BoundedBatchQueue.Item] = []
            while queue.take(into: &items) {
                for position in items.indices {
                    if var batch = items[position].takeEvents() {
                        Self.analyze(&batch, analyzer: &analyzer, found: &found)
                        continue
                    }
                    switch items[position] {
                    case .events:
                        break
                    case .reconfigure(let parts):
                        analyzer.reconfigure(parts)
                    case .snapshot(let collector):
                        collector.deliver(analyzer.savedState(includingShared: index == 0), worker: index)
                    case .applyAllowlist(let application):
                        Self.apply(application, analyzer: &analyzer, found: &found, alerts: alerts)
                    }
                }
                analyzer.finishBatch()
                if !found.isEmpty {
                    alerts.submit(found)
                    found.removeAll(keepingCapacity: true)
                }
                // The emptied batches are freed here, outside the queue's lock.
                items.removeAll(keepingCapacity: true)
                queue.finished()
            }
            finishedSignal.signal()
        }
        thread.name = "wfpwatch-detect-\(index)"
        thread.start()
    }

    /// Runs the analyzer over `batch` in order, moving each event out of the batch (which the
    /// worker holds alone) instead of copying it: an event's strings are released once, after
    /// its analysis, and never retained on the way. The batch is left holding placeholders.
    private static func analyze(
        _ batch: inout [NormalizedEvent], analyzer: inout any EventAnalyzer, found: inout [Alert]
    ) {
        for position in batch.indices {
            var event = NormalizedEvent.vacancy
            swap(&event, &batch[position])
            analyzer.analyze(event, into: &found)
        }
    }

    /// Drops the covered keys' state and unsent alerts, hands on the alerts found before the
    /// reload, then has the dispatcher withdraw what the sinks still hold of the covered ones.
    private static func apply(
        _ application: AllowlistApplication, analyzer: inout any EventAnalyzer, found: inout [Alert],
        alerts: AlertDispatcher
    ) {
        let purged = analyzer.purgeAllowlistedKeys()
        let before = found.count
        found.removeAll(where: application.withdrawal.covers)
        application.workerApplied(purgedKeys: purged, droppedAlerts: before - found.count)

        if !found.isEmpty {
            alerts.submit(found)
            found.removeAll(keepingCapacity: true)
        }
        alerts.withdraw(application)
    }

    /// Closes the queue and waits for the thread to finish what was queued.
    package func stop() {
        queue.close()
        finishedSignal.wait()
    }
}

extension NormalizedEvent {
    /// What an event moved out of a batch leaves behind: made of constants, it costs a few
    /// stores to make and no reference counting to destroy.
    fileprivate static var vacancy: NormalizedEvent {
        NormalizedEvent(
            eventID: 0, format: .snare, host: "", time: Timestamp(nanosecondsSinceEpoch: 0), timeSource: .receiver,
            receivedAt: Timestamp(nanosecondsSinceEpoch: 0),
            detail: .processEnd(ProcessEnd(process: ProcessRef(pid: nil, image: "", path: ""), user: nil)))
    }
}
