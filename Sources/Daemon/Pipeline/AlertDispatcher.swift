import Alerting
import Dispatch
import WFPCore

/// The one queue alerts from every worker go through: each alert is handed to every sink in
/// the order configured, then the sinks are flushed, so sinks are only ever called from this
/// queue and see alerts in the same order.
package final class AlertDispatcher: Sendable {
    private let sinks: [any AlertSink]
    private let queue = DispatchQueue(label: "wfpwatch.alerts")
    private let metrics: MetricsRegistry

    package init(sinks: [any AlertSink], metrics: MetricsRegistry) {
        self.sinks = sinks
        self.metrics = metrics
    }

    /// Counts `alerts` and delivers them asynchronously.
    package func submit(_ alerts: [Alert]) {
        for alert in alerts {
            let labels: KeyValuePairs = ["rule": alert.finding.rule, "severity": alert.finding.severity.name]
            metrics.counter("wfpwatch_alerts_total", labels).add()
        }
        let sinks = self.sinks
        queue.async {
            for alert in alerts {
                for sink in sinks { sink.deliver(alert) }
            }
            for sink in sinks { sink.flush() }
        }
    }

    /// Has every sink withdraw the alerts `application` covers, once every alert submitted
    /// before has been delivered, and reports the count back to it.
    package func withdraw(_ application: AllowlistApplication) {
        let sinks = self.sinks
        queue.async {
            let withdrawn = sinks.reduce(0) { $0 + $1.withdraw(application.withdrawal) }
            application.sinksWithdrew(withdrawn)
        }
    }

    /// Has every sink reopen its files (SIGHUP, after logrotate), behind the alerts submitted
    /// before.
    package func reopenFiles() {
        let sinks = self.sinks
        queue.async {
            for sink in sinks { sink.reopen() }
        }
    }

    /// Calls `answer` on the delivery queue once every alert submitted before has been delivered
    /// (the watchdog's sign that delivery moves).
    package func heartbeat(_ answer: @escaping @Sendable () -> Void) {
        queue.async(execute: answer)
    }

    /// Waits until every alert submitted so far has been delivered and flushed.
    package func drain() {
        queue.sync {}
    }

    /// Flushes every sink once more (at stop).
    package func flush() {
        let sinks = self.sinks
        queue.sync {
            for sink in sinks { sink.flush() }
        }
    }
}
