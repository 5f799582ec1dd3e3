import Alerting
import Detection
import Synchronization
import WFPCore

/// A reloaded allowlist applied to live state. Each detection worker, between the events
/// before the reload and those after it, drops the engine state of the keys the allowlist now
/// covers and the covered alerts it found but has not handed on; then the alert dispatcher has
/// every sink withdraw the covered alerts it still holds (queued for a webhook, waiting in the
/// outbox). The dispatcher runs once per worker, after that worker's earlier alerts, so no
/// alert raised before the reload slips past.
///
/// Counted as it happens (`wfpwatch_allowlist_withdrawn_alerts_total{stage}`; the purged keys
/// in `wfpwatch_allowlist_purged_keys_total` per worker) and logged once, with the totals, when
/// the last worker's withdrawal has run.
package final class AllowlistApplication: Sendable {
    package let withdrawal: AlertWithdrawal

    private struct Progress {
        var remainingWorkers: Int
        var purgedKeys = 0
        var droppedInWorkers = 0
        var withdrawnFromSinks = 0
    }

    private let progress: Mutex<Progress>
    private let entryCount: Int
    private let droppedInWorkers: Counter
    private let withdrawnFromSinks: Counter
    private let log: Log

    package init(allowlist: AllowlistConfiguration, workerCount: Int, metrics: MetricsRegistry, log: Log) {
        let compiled = Allowlist(configuration: allowlist)
        self.withdrawal = AlertWithdrawal(allowlist: compiled)
        self.entryCount = compiled.entryCount
        self.progress = Mutex(Progress(remainingWorkers: workerCount))
        self.droppedInWorkers = metrics.counter(Self.withdrawnAlertsName, ["stage": "detection"])
        self.withdrawnFromSinks = metrics.counter(Self.withdrawnAlertsName, ["stage": "delivery"])
        self.log = log
    }

    package static let withdrawnAlertsName = "wfpwatch_allowlist_withdrawn_alerts_total"

    /// A worker applied the allowlist: `purgedKeys` keys of its engine dropped, and
    /// `droppedAlerts` of the alerts it had not handed on yet.
    package func workerApplied(purgedKeys: Int, droppedAlerts: Int) {
        droppedInWorkers.add(droppedAlerts)
        progress.withLock { progress in
            progress.purgedKeys += purgedKeys
            progress.droppedInWorkers += droppedAlerts
        }
    }

    /// The dispatcher ran one worker's withdrawal over the sinks, which took back `alerts`.
    package func sinksWithdrew(_ alerts: Int) {
        withdrawnFromSinks.add(alerts)
        let finished: Progress? = progress.withLock { progress in
            progress.withdrawnFromSinks += alerts
            progress.remainingWorkers -= 1
            return progress.remainingWorkers == 0 ? progress : nil
        }
        guard let finished else { return }
        log.log(.info, "allowlist applied to live state", [
            ("entries", String(entryCount)), ("purged_keys", String(finished.purgedKeys)),
            ("withdrawn_alerts", String(finished.droppedInWorkers + finished.withdrawnFromSinks)),
            ("withdrawn_undelivered", String(finished.withdrawnFromSinks)),
        ])
    }
}
