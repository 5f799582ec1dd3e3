import Dispatch
import Foundation
import Synchronization
import WFPCore

/// POSTs alerts to one webhook, in batches, from its own thread, so a slow or absent receiver
/// never holds up detection or the other sinks.
///
/// Entries come from `enqueue` (the outbox sink hands them over once they are on disk) or from
/// `deliver` when there is no outbox. A batch goes out when `batchMaximum` entries wait or the
/// oldest has waited `batchInterval`. A failure that may pass (no answer, 5xx, 408, 429) is
/// retried with `WebhookBackoff` until it succeeds; a refusal (another 4xx) is logged with the
/// status and the start of the answer, and the batch appended to the dead-letter file. Either
/// way the outbox is then told the sink is done with those ids.
public final class WebhookSink: AlertSink {
    public let configuration: WebhookConfiguration

    struct Queue {
        var entries: [OutboxEntry] = []
        var oldestQueuedAt: ContinuousClock.Instant?
        var sending = 0
        var stopping = false
    }

    let queue = Mutex(Queue())
    let wakeup = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
    let transport = WebhookTransport()
    let outbox: Outbox?
    let log: Log?
    let counters: WebhookCounters

    /// Starts the delivery thread. `outbox`, when given, is acknowledged after each batch.
    public init(
        configuration: WebhookConfiguration, outbox: Outbox? = nil, log: Log? = nil, metrics: MetricsRegistry? = nil
    ) {
        self.configuration = configuration
        self.outbox = outbox
        self.log = log
        self.counters = WebhookCounters(sink: configuration.name, metrics: metrics ?? MetricsRegistry())
        let thread = Thread { [self] in run() }
        thread.name = "wfpwatch.webhook." + configuration.name
        thread.start()
    }

    /// Queues one alert (for use without an outbox: then nothing survives a crash).
    public func deliver(_ alert: Alert) {
        enqueue([OutboxEntry(alert)])
    }

    public func flush() {}

    /// Queues entries for delivery; those the filters leave out are acknowledged at once.
    public func enqueue(_ entries: [OutboxEntry]) {
        var skipped: [String] = []
        var accepted: [OutboxEntry] = []
        for entry in entries {
            if configuration.accepts(rule: entry.rule, severity: entry.severity) {
                accepted.append(entry)
            } else {
                skipped.append(entry.id)
            }
        }
        if !skipped.isEmpty { outbox?.acknowledge(skipped, sink: configuration.name) }
        guard !accepted.isEmpty else { return }

        let dropped = queue.withLock { queue in
            if queue.entries.isEmpty { queue.oldestQueuedAt = .now }
            queue.entries += accepted
            defer { publishQueued(queue) }
            return bound(&queue)
        }
        wakeup.signal()
        guard dropped > 0 else { return }
        counters.queueDropped.add(dropped)
        log?.rateLimited(.error, "webhook queue full; oldest alerts dropped from memory", [
            ("sink", configuration.name), ("maximum_queued_alerts", String(configuration.maximumQueuedAlerts)),
            ("dropped", String(dropped)), ("in_outbox", outbox == nil ? "no" : "yes"),
        ])
    }

    /// Drops the queued alerts `withdrawal` covers (for use without an outbox); returns how many.
    public func withdraw(_ withdrawal: AlertWithdrawal) -> Int {
        discard(where: withdrawal.covers)
    }

    /// Drops the queued entries `isDropped` selects; returns how many.
    @discardableResult
    public func discard(where isDropped: (OutboxEntry) -> Bool) -> Int {
        queue.withLock { queue in
            let before = queue.entries.count
            queue.entries.removeAll(where: isDropped)
            if queue.entries.isEmpty { queue.oldestQueuedAt = nil }
            publishQueued(queue)
            return before - queue.entries.count
        }
    }

    /// Keeps the queue within `maximumQueuedAlerts`; returns how many were dropped.
    private func bound(_ queue: inout Queue) -> Int {
        guard queue.entries.count > configuration.maximumQueuedAlerts else { return 0 }
        if let outbox {
            let pending = outbox.pendingIDs()
            queue.entries.removeAll { !pending.contains($0.id) }
        }
        let excess = queue.entries.count - configuration.maximumQueuedAlerts
        guard excess > 0 else { return 0 }
        queue.entries.removeFirst(excess)
        return excess
    }

    /// Alerts queued or being sent.
    public var undeliveredCount: Int { queue.withLock { $0.entries.count + $0.sending } }

    /// Sets `wfpwatch_webhook_queued_alerts`: alerts queued or being sent.
    func publishQueued(_ queue: Queue) {
        counters.queuedAlerts.set(queue.entries.count + queue.sending)
    }

    /// Stops the thread after one last attempt at each queued batch; what fails stays in the
    /// outbox for the next start.
    public func stop() {
        let wasStopping = queue.withLock { queue in
            defer { queue.stopping = true }
            return queue.stopping
        }
        guard !wasStopping else { return }
        wakeup.signal()
        finished.wait()
    }
}
