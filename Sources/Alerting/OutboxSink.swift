import Synchronization
import WFPCore

/// The first sink when webhooks are configured: each alert is written to the outbox before the
/// other sinks see it, and once a batch is on disk (fsync'd at `flush`) it is handed to every
/// webhook's queue. At start the
/// entries the outbox held from before are handed over first.
public final class OutboxSink: AlertSink {
    public let outbox: Outbox
    public let webhooks: [WebhookSink]
    private let buffered = Mutex<[OutboxEntry]>([])

    public init(outbox: Outbox, webhooks: [WebhookSink]) {
        self.outbox = outbox
        self.webhooks = webhooks
        let recovered = outbox.recovered
        if !recovered.isEmpty { for webhook in webhooks { webhook.enqueue(recovered) } }
    }

    public func deliver(_ alert: Alert) {
        let kept = outbox.append([OutboxEntry(alert)], sync: false)
        buffered.withLock { $0 += kept }
    }

    public func flush() {
        let entries = buffered.withLock { buffered in
            defer { buffered.removeAll(keepingCapacity: true) }
            return buffered
        }
        guard !entries.isEmpty else { return }
        outbox.sync()
        for webhook in webhooks { webhook.enqueue(entries) }
    }

    /// Removes the covered alerts from the outbox (counted there with the withdrawal's reason)
    /// and from every webhook's queue; a webhook retrying a batch leaves them out on its next try.
    public func withdraw(_ withdrawal: AlertWithdrawal) -> Int {
        buffered.withLock { $0.removeAll { withdrawal.covers($0) } }
        let removed = outbox.remove(where: withdrawal.covers, reason: withdrawal.reason)
        guard !removed.isEmpty else { return 0 }
        let ids = Set(removed)
        for webhook in webhooks { webhook.discard { ids.contains($0.id) } }
        return removed.count
    }

    /// Stops every webhook thread; what is undelivered stays in the outbox.
    public func stop() {
        flush()
        for webhook in webhooks { webhook.stop() }
        outbox.close()
    }
}
