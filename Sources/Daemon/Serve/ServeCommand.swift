import Alerting
import Dispatch
import Receiving
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
        let backend: any LogBackend = underSystemd ? JournalLogBackend() : StandardErrorLogBackend()
        let log = Log(backend: backend, minimumLevel: configuration.logLevel)
        let metrics = MetricsRegistry()

        let sinks: [any AlertSink]
        let parts: RuleAnalyzerParts
        do {
            sinks = try alertSinks(configuration.alerts, metrics: metrics, log: log)
            parts = try RuleAnalyzerParts.load(configuration, log: log)
        } catch {
            StandardStreams.error("wfpwatch: \(error.message)\n")
            return error.exitCode
        }
        let outbox = sinks.lazy.compactMap { ($0 as? OutboxSink)?.outbox }.first

        // Only a configuration serve accepts takes the state folder. The saved state is read
        // before any listener opens; the workers take it as they start. A second serve on the
        // same folder runs without state rather than overwrite the first's.
        let stateUsable = configuration.state.enabled
            && StateLock.acquireForServe(directory: configuration.state.directory, metrics: metrics, log: log)
        let keeper = stateUsable ? StateKeeper(configuration: configuration.state, metrics: metrics, log: log) : nil
        let restoring = keeper.flatMap { keeper in
            keeper.load().map {
                StateRestore(
                    state: $0, workerCount: configuration.pipeline.workers, restoredKeys: keeper.restoredKeys)
            }
        }
        let pipeline = Pipeline(
            workerCount: configuration.pipeline.workers, queueEvents: configuration.pipeline.queueEvents,
            makeAnalyzer: RuleAnalyzer.factory(parts, metrics: metrics, restoring: restoring), sinks: sinks,
            metrics: metrics, log: log)

        guard let listeners = startListeners(configuration, pipeline: pipeline, metrics: metrics, log: log) else {
            pipeline.stop()
            return .ioError
        }
        MetricsEndpoint.start(configuration, registry: metrics, log: log) { outbox?.publishOldestAge() }
        Watchdog.startIfRequested(pipeline: pipeline, metrics: metrics, log: log)
        let listenerSet = ServeListenerSet(
            zip(configuration.listeners, listeners).map { ($0, $1) }, makeSink: pipeline.makeSinkFactory(),
            metrics: metrics, log: log)
        let reloader = (configPath ?? WFPWatchConfiguration.defaultPath()).map {
            ServeReloader(
                configPath: $0, parts: parts, pipeline: pipeline, listeners: listenerSet, metrics: metrics, log: log)
        }
        keeper?.startSaving(pipeline: pipeline)
        let session = ServeSession(
            listeners: listenerSet, reloader: reloader, pipeline: pipeline, metrics: metrics, log: log,
            stateKeeper: keeper)
        session.begin()
        log.log(.info, "started", [
            ("version", WFPWatchVersion.string), ("listeners", String(listeners.count)),
            ("workers", String(pipeline.workerCount)),
        ])
        dispatchMain()
    }


    /// The sinks `alerts` configures, in delivery order: the outbox in front of the webhooks
    /// (so an alert is on disk before any sink is tried), journal, then JSON lines.
    private static func alertSinks(
        _ alerts: WFPWatchConfiguration.AlertsConfiguration, metrics: MetricsRegistry, log: Log
    ) throws(SetupError) -> [any AlertSink] {
        var sinks: [any AlertSink] = []
        if let webhooks = try webhookSinks(alerts, metrics: metrics, log: log) { sinks.append(webhooks) }
        if alerts.journal { sinks.append(JournalSink(log: log, metrics: metrics)) }
        guard let path = alerts.jsonLinesPath else { return sinks }

        if path == "-" {
            sinks.append(JSONLinesSink(fileDescriptor: 1, log: log, metrics: metrics))
            return sinks
        }
        do {
            sinks.append(try JSONLinesSink(path: path, log: log, metrics: metrics))
        } catch {
            throw SetupError("alerts.json_lines: \(path): \(error)", exitCode: .ioError)
        }
        return sinks
    }

    /// The outbox, opened (re-sending what it holds), with one webhook sink per webhook.
    private static func webhookSinks(
        _ alerts: WFPWatchConfiguration.AlertsConfiguration, metrics: MetricsRegistry, log: Log
    ) throws(SetupError) -> OutboxSink? {
        guard !alerts.webhooks.isEmpty else { return nil }
        let outbox: Outbox
        if let failure = ParentFolders.create(for: alerts.outbox.path) {
            throw SetupError("alerts.outbox: cannot create \(failure.folder): \(failure.reason)", exitCode: .ioError)
        }
        do {
            outbox = try Outbox(
                configuration: alerts.outbox, sinkNames: alerts.webhooks.map(\.name), log: log, metrics: metrics)
        } catch {
            throw SetupError("alerts.outbox: \(error)", exitCode: .ioError)
        }
        let webhooks = alerts.webhooks.map {
            WebhookSink(configuration: $0, outbox: outbox, log: log, metrics: metrics)
        }
        return OutboxSink(outbox: outbox, webhooks: webhooks)
    }

    /// Starts every listener; on the first failure stops those already started and returns nil.
    private static func startListeners(
        _ configuration: WFPWatchConfiguration, pipeline: Pipeline, metrics: MetricsRegistry, log: Log
    ) -> [ServeListener]? {
        let makeSink = pipeline.makeSinkFactory()
        var started: [ServeListener] = []
        for listenerConfiguration in configuration.listeners {
            let listener = ServeListener(listenerConfiguration, makeSink: makeSink, metrics: metrics, log: log)
            do {
                try listener.start()
            } catch {
                StandardStreams.error("wfpwatch: \(error)\n")
                for running in started.reversed() { running.stop() }
                return nil
            }
            started.append(listener)
        }
        return started
    }
}
