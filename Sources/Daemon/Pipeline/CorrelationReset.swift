import Synchronization
import WFPCore

/// A reload whose correlation settings differ from those in use (anything but the allowlist,
/// or the rarity settings behind the fleet memory): each worker's engine starts empty, so every
/// beacon series, frequency count and host memory the detectors held is dropped.
///
/// Each worker reports the keys its engine held (`wfpwatch_correlation_reset_keys_total`); the
/// warning is logged once, with the total, when the last worker has reset.
package final class CorrelationReset: Sendable {
    package static let resetKeysName = "wfpwatch_correlation_reset_keys_total"

    private struct Progress {
        var remainingWorkers: Int
        var droppedKeys = 0
    }

    private let progress: Mutex<Progress>
    private let droppedKeys: Counter
    private let log: Log

    package init(workerCount: Int, metrics: MetricsRegistry, log: Log) {
        self.progress = Mutex(Progress(remainingWorkers: max(1, workerCount)))
        self.droppedKeys = metrics.counter(Self.resetKeysName)
        self.log = log
    }

    /// True when going from `old` to `new` makes the workers start empty engines.
    package static func resets(from old: RuleAnalyzerParts, to new: RuleAnalyzerParts) -> Bool {
        var oldCorrelation = old.configuration.correlation
        oldCorrelation.allowlist = new.configuration.correlation.allowlist
        return oldCorrelation != new.configuration.correlation || old.fleet !== new.fleet
    }

    /// A worker replaced its engine, which held `droppedKeys` tracked keys.
    package func workerReset(droppedKeys keys: Int) {
        droppedKeys.add(keys)
        let finished: Int? = progress.withLock { progress in
            progress.droppedKeys += keys
            progress.remainingWorkers -= 1
            return progress.remainingWorkers == 0 ? progress.droppedKeys : nil
        }
        guard let finished else { return }
        log.log(.warning, "reload changed correlation settings; detector state reset", [
            ("dropped_keys", String(finished)),
        ])
    }
}
