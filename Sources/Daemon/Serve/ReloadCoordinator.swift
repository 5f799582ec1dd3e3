import Receiving
import WFPCore

/// Reloads `serve` on SIGHUP (`systemctl reload`): re-reads and validates the configuration file
/// and its intel files off to the side with the code start-up uses; a broken file is logged
/// with its file, line and reason and the running configuration stays. A valid one is applied:
/// each detection worker rebuilds its rules, intel, allowlist and correlation settings between
/// the events queued before the reload and those after it, and the listeners are brought to
/// the new list without touching unchanged ones. A changed allowlist is applied to live state:
/// the keys it now covers lose their correlation state, and their alerts not yet delivered
/// leave the workers, the webhook queues and the outbox (`AllowlistApplication`).
///
/// Alert sinks, the worker count and queue size, the metrics address and the log level are
/// read at start only; a change to them is logged as needing a restart.
/// Confined to the lifecycle queue of `ServeSession`.
package final class ServeReloader: @unchecked Sendable {
    private let configPath: String
    private var parts: RuleAnalyzerParts
    private let pipeline: Pipeline
    private let listeners: ServeListenerSet
    private let metrics: MetricsRegistry
    private let log: Log
    private let successes: Counter
    private let failures: Counter

    package init(
        configPath: String, parts: RuleAnalyzerParts, pipeline: Pipeline, listeners: ServeListenerSet,
        metrics: MetricsRegistry, log: Log
    ) {
        self.configPath = configPath
        self.parts = parts
        self.pipeline = pipeline
        self.listeners = listeners
        self.metrics = metrics
        self.log = log
        self.successes = metrics.counter("wfpwatch_reloads_total", ["result": "success"])
        self.failures = metrics.counter("wfpwatch_reloads_total", ["result": "failure"])
    }

    /// Loads and applies the configuration file; true when all of it took effect.
    @discardableResult
    package func reload() -> Bool {
        log.log(.info, "reloading", [("file", configPath)])
        guard var next = loadParts() else {
            failures.add()
            return false
        }
        if CorrelationReset.resets(from: parts, to: next) {
            next.correlationReset = CorrelationReset(workerCount: pipeline.workerCount, metrics: metrics, log: log)
        }

        pipeline.reconfigure(next)
        if next.configuration.correlation.allowlist != parts.configuration.correlation.allowlist {
            pipeline.applyAllowlist(next.configuration.correlation.allowlist)
        }
        let problems = listeners.apply(next.configuration.listeners)
        publishListenerGauges(next.configuration.listeners)
        warnAboutRestartSettings(old: parts.configuration, new: next.configuration)
        parts = next

        for problem in problems {
            log.log(.error, "reload: listener not applied", [("reason", problem)])
        }
        (problems.isEmpty ? successes : failures).add()
        log.log(.info, "reloaded", [("listeners", String(listeners.count)), ("problems", String(problems.count))])
        return problems.isEmpty
    }

    /// The new configuration with its intel loaded, or nil after logging why not.
    private func loadParts() -> RuleAnalyzerParts? {
        let configuration: WFPWatchConfiguration
        do {
            configuration = try WFPWatchConfiguration.load(path: configPath)
        } catch {
            let reason = error.keyPath.isEmpty ? error.message : "\(error.keyPath): \(error.message)"
            logFailure(file: error.file, line: error.line, reason: reason)
            return nil
        }
        do {
            return try RuleAnalyzerParts.load(configuration, previous: parts, log: log)
        } catch {
            logFailure(file: error.file ?? configPath, line: error.line, reason: error.reason ?? error.message)
            return nil
        }
    }

    private func logFailure(file: String, line: Int?, reason: String) {
        let location = line.map { "\(file):\($0)" } ?? file
        log.log(.error, "reload failed; the running configuration stays", [
            ("location", location), ("file", file), ("line", line.map(String.init) ?? ""), ("reason", reason),
        ])
    }

    private func publishListenerGauges(_ configurations: [ListenerConfiguration]) {
        for transport in [ListenerConfiguration.Transport.udp, .tcp] {
            let count = configurations.filter { $0.transport == transport }.count
            metrics.gauge("wfpwatch_listeners", ["transport": transport.rawValue]).set(count)
        }
    }

    private func warnAboutRestartSettings(old: WFPWatchConfiguration, new: WFPWatchConfiguration) {
        var sections: [String] = []
        var oldAlerts = old.alerts
        oldAlerts.suppressionWindow = new.alerts.suppressionWindow
        if oldAlerts != new.alerts { sections.append("alerts") }
        if old.pipeline != new.pipeline { sections.append("pipeline") }
        if old.metrics != new.metrics { sections.append("metrics") }
        if old.logLevel != new.logLevel { sections.append("log_level") }
        guard !sections.isEmpty else { return }
        log.log(.warning, "reload: settings that take effect only after a restart changed", [
            ("sections", sections.joined(separator: ",")),
        ])
    }
}
