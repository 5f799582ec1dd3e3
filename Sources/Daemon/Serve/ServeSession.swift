import Dispatch
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// The running service: reports status to systemd, reloads on SIGHUP and stops cleanly on
/// SIGTERM or SIGINT.
///
/// The Dispatch sources are made in these nonisolated methods rather than in top-level code:
/// handlers created there would be main-actor isolated and crash when they run on this queue.
/// Signals arrive through a `SignalPipe`.
package final class ServeSession: Sendable {
    private let listeners: ServeListenerSet
    private let reloader: ServeReloader?
    private let pipeline: Pipeline
    private let metrics: MetricsRegistry
    private let log: Log
    private let stateKeeper: StateKeeper?
    private let queue = DispatchQueue(label: "wfpwatch.lifecycle")
    private nonisolated(unsafe) var sources: [any DispatchSourceProtocol] = []
    private nonisolated(unsafe) var signals: SignalPipe?
    private nonisolated(unsafe) var stopping = false
    /// The last STATUS= sent; confined to `queue`.
    private nonisolated(unsafe) var lastStatus = ""

    /// How often the counters are looked at; STATUS= is sent only when they changed.
    package static let statusInterval = DispatchTimeInterval.seconds(1)

    package init(
        listeners: ServeListenerSet, reloader: ServeReloader? = nil, pipeline: Pipeline, metrics: MetricsRegistry,
        log: Log, stateKeeper: StateKeeper? = nil
    ) {
        self.listeners = listeners
        self.reloader = reloader
        self.pipeline = pipeline
        self.metrics = metrics
        self.log = log
        self.stateKeeper = stateKeeper
    }

    /// Installs the signal handlers and the status timer, then reports READY=1.
    package func begin() {
        queue.sync {
            signals = SignalPipe(signals: [SIGTERM, SIGINT, SIGHUP], queue: queue) { [self] number in
                if number == SIGHUP { reload() } else { stop(signal: number) }
            }

            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + Self.statusInterval, repeating: Self.statusInterval)
            timer.setEventHandler { [self] in refreshStatus() }
            timer.resume()
            sources.append(timer)

            // On the queue, so the timer cannot send STATUS= before READY=1.
            lastStatus = statusLine()
            SystemdNotifier.ready(status: lastStatus)
        }
    }

    /// Runs on `queue`: RELOADING=1, the reload, then READY=1 with fresh status, whether the
    /// new configuration was taken or the old one kept.
    private func reload() {
        guard !stopping else { return }
        // Files are reopened even when the configuration cannot be: logrotate's postrotate relies on it.
        pipeline.alerts.reopenFiles()
        guard let reloader else {
            log.log(.warning, "SIGHUP ignored: no configuration file to reload")
            return
        }
        SystemdNotifier.reloading()
        reloader.reload()
        lastStatus = statusLine()
        SystemdNotifier.ready(status: lastStatus)
    }

    /// Runs on `queue`.
    private func refreshStatus() {
        let status = statusLine()
        guard status != lastStatus, !stopping else { return }
        lastStatus = status
        SystemdNotifier.status(status)
    }

    /// Live counters for `systemctl status`.
    package func statusLine() -> String {
        "listening on \(listeners.count) sockets; " + ServeStatus(metrics).text
    }

    /// Runs on `queue`: stops receiving, saves the state, finishes queued events and alerts,
    /// flushes, exits 0.
    private func stop(signal number: Int32) {
        guard !stopping else { return }
        stopping = true
        SystemdNotifier.stopping()
        log.log(.info, "stopping", [("signal", number == SIGTERM ? "SIGTERM" : "SIGINT")])

        listeners.stopAll()
        // Queued behind every event received, so the saved state has seen them all.
        stateKeeper?.saveOnStop(pipeline: pipeline)
        pipeline.stop()
        log.log(.info, "stopped", ServeStatus(metrics).fields)
        exit(0)
    }
}
