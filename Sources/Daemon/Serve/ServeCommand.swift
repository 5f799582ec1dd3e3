import Alerting
import Dispatch
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// `wfpwatch serve`: the service. Order of start: configuration (before any socket opens),
/// alert sinks, detection workers, listeners; then READY=1 once every listener is bound.
package enum ServeCommand {
    /// Returns only when start-up fails; a running service exits from its signal handler.
    package static func run(configPath: String?) -> ExitCode {
        let configuration: WFPWatchConfiguration
        switch WFPWatchCommandLine.loadConfiguration(path: configPath, required: true) {
        case .success(let loaded): configuration = loaded
        case .failure(let error):
            StandardStreams.error("\(error)\n")
            return .configuration
        }
        signal(SIGPIPE, SIG_IGN)

        let underSystemd = getenv("INVOCATION_ID") != nil
        let log = Log(
            backend: underSystemd ? Stages.makeJournalLogBackend() : StandardErrorLogBackend(),
            minimumLevel: configuration.logLevel)
        let metrics = MetricsRegistry()

        let pipeline: Pipeline
        do {
            let sinks = try Stages.makeAlertSinks(configuration.alerts, metrics: metrics, log: log)
            let makeAnalyzer = try Stages.makeAnalyzerFactory(
                detection: configuration.detection, suppressionWindow: configuration.alerts.suppressionWindow)
            pipeline = Pipeline(
                workerCount: configuration.pipeline.workers, queueEvents: configuration.pipeline.queueEvents,
                makeAnalyzer: makeAnalyzer, sinks: sinks, metrics: metrics, log: log)
        } catch {
            StandardStreams.error("wfpwatch: \(error.message)\n")
            return error.exitCode
        }

        guard let listeners = startListeners(configuration, pipeline: pipeline, metrics: metrics, log: log) else {
            pipeline.stop()
            return .ioError
        }
        let session = ServeSession(listeners: listeners, pipeline: pipeline, metrics: metrics, log: log)
        session.begin()
        log.log(.info, "started", [
            ("version", WFPWatchVersion.string), ("listeners", String(listeners.count)),
            ("workers", String(pipeline.workerCount)),
        ])
        dispatchMain()
    }

    /// Starts every listener; on the first failure stops those already started and returns nil.
    private static func startListeners(
        _ configuration: WFPWatchConfiguration, pipeline: Pipeline, metrics: MetricsRegistry, log: Log
    ) -> [ListenerHandle]? {
        let makeSink = pipeline.makeSinkFactory(options: Stages.frameProcessing)
        var started: [ListenerHandle] = []
        for listener in configuration.listeners {
            let handle = Stages.makeListener(listener, makeSink: makeSink, metrics: metrics, log: log)
            do {
                try handle.start()
            } catch {
                let endpoint = "\(listener.transport.rawValue) \(listener.address):\(listener.port)"
                StandardStreams.error("wfpwatch: listener \(listener.name) (\(endpoint)) could not start: \(error)\n")
                for running in started.reversed() { running.stop() }
                return nil
            }
            started.append(handle)
            log.log(.info, "listening", [
                ("listener", listener.name), ("transport", listener.transport.rawValue), ("address", listener.address),
                ("port", String(handle.boundPort() ?? listener.port)),
            ])
        }
        return started
    }
}
