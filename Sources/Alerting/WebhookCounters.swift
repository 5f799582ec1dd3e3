import WFPCore

/// The counters of one webhook sink, labelled `sink=<name>`.
struct WebhookCounters: Sendable {
    let deliveries: Counter
    let deliveredAlerts: Counter
    let failures: Counter
    let retries: Counter
    let deadLettered: Counter
    let queueDropped: Counter
    /// Alerts queued in memory or being sent now.
    let queuedAlerts: Gauge

    init(sink: String, metrics: MetricsRegistry) {
        deliveries = metrics.counter("wfpwatch_webhook_requests_delivered_total", ["sink": sink])
        deliveredAlerts = metrics.counter("wfpwatch_webhook_alerts_delivered_total", ["sink": sink])
        failures = metrics.counter("wfpwatch_webhook_failures_total", ["sink": sink])
        retries = metrics.counter("wfpwatch_webhook_retries_total", ["sink": sink])
        deadLettered = metrics.counter("wfpwatch_webhook_dead_letter_alerts_total", ["sink": sink])
        queueDropped = metrics.counter("wfpwatch_webhook_queue_dropped_total", ["sink": sink])
        queuedAlerts = metrics.gauge("wfpwatch_webhook_queued_alerts", ["sink": sink])
    }

    func delivered(_ alerts: Int) {
        deliveries.add()
        deliveredAlerts.add(alerts)
    }
}
