import Receiving
import WFPCore

/// The running listeners of `serve`, each with the configuration it was started from, changed
/// in place on a reload: listeners whose configuration is unchanged keep running (TLS ones
/// re-read their certificate files), removed or changed ones stop, new or changed ones start.
///
/// Confined to the lifecycle queue of `ServeSession` after start.
package final class ServeListenerSet: @unchecked Sendable {
    private var running: [(configuration: ListenerConfiguration, listener: ServeListener)]
    private let makeSink: MessageSinkFactory
    private let metrics: MetricsRegistry
    private let log: Log

    package init(
        _ running: [(configuration: ListenerConfiguration, listener: ServeListener)],
        makeSink: @escaping MessageSinkFactory, metrics: MetricsRegistry, log: Log
    ) {
        self.running = running
        self.makeSink = makeSink
        self.metrics = metrics
        self.log = log
    }

    package var count: Int { running.count }

    /// Stops every listener, the newest first.
    package func stopAll() {
        for entry in running.reversed() { entry.listener.stop() }
        running.removeAll()
    }

    /// Brings the running listeners to `configurations`. Stops come first so a changed listener
    /// can bind its port again. Returns the problems (a listener that could not start, TLS
    /// files that could not be re-read); the other listeners run on regardless.
    package func apply(_ configurations: [ListenerConfiguration]) -> [String] {
        var kept: [(configuration: ListenerConfiguration, listener: ServeListener)] = []
        for entry in running {
            if configurations.contains(entry.configuration) {
                kept.append(entry)
            } else {
                entry.listener.stop()
                log.log(.info, "listener stopped", [("listener", entry.configuration.name)])
            }
        }

        var problems = reloadCertificates(of: kept)
        for configuration in configurations where !kept.contains(where: { $0.configuration == configuration }) {
            let listener = ServeListener(configuration, makeSink: makeSink, metrics: metrics, log: log)
            do {
                try listener.start()
                kept.append((configuration, listener))
            } catch {
                problems.append("listener \(configuration.name): \(error)")
            }
        }
        running = kept
        return problems
    }

    private func reloadCertificates(
        of entries: [(configuration: ListenerConfiguration, listener: ServeListener)]
    ) -> [String] {
        var problems: [String] = []
        for entry in entries {
            guard case .tcp(let listener) = entry.listener, entry.configuration.tls != nil else { continue }
            do {
                try listener.reloadCertificates()
            } catch {
                problems.append("listener \(entry.configuration.name): \(error)")
            }
        }
        return problems
    }
}
