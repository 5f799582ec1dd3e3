import Alerting
import Detection
import Enrichment
import EventDecoding
import WFPCore

/// The analyzer `serve` and `replay` run: the hosts' process and DNS memory joined onto each
/// connection, the correlation engine (per-event rules and the stateful detectors), then
/// suppression of repeats. Each worker has its own, over intel sets loaded once and one
/// fleet-wide destination memory.
package struct RuleAnalyzer: EventAnalyzer {
    /// What the analyzer was built from; `reconfigure` compares against it.
    var parts: RuleAnalyzerParts
    var hosts: HostContextTable
    var geo: GeoIPLookup
    var engine: CorrelationEngine
    var parents: SuspiciousParent
    var suppressor: AlertSuppressor
    var counters: CorrelationCounters
    var joinCounters: EnrichmentCounters

    package mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert]) {
        let context = hosts.observe(event)
        // The remote name is the destination's only when this host opened the connection.
        let outbound = event.connection.map { $0.direction != .inbound } ?? false
        let destinationName = outbound ? context?.remoteName : nil
        let place = outbound && geo.isEnabled ? event.connection.flatMap { geo.lookup($0.destinationAddress) } : nil
        for var finding in engine.process(event, destinationName: destinationName, geo: place) {
            parents.raise(&finding, parentImage: context?.process?.parentImage)
            guard var alert = suppressor.process(finding, event: event) else { continue }
            alert.context = context
            alert.geo = place
            alert.timeline = hosts.timeline(for: event, creation: context?.process)
            alerts.append(alert)
        }
    }

    package mutating func finishBatch() {
        counters.publish(engine)
        joinCounters.publish(hosts.statistics)
    }

    package mutating func purgeAllowlistedKeys() -> Int {
        engine.purgeAllowlistedKeys()
    }

    /// Loads the intel files the configuration names and returns a factory of one analyzer per
    /// worker, each publishing its engine's counters to `metrics`. A missing file exits 66
    /// (missing input), a file with wrong contents 65.
    package static func factory(
        _ configuration: WFPWatchConfiguration, metrics: MetricsRegistry = MetricsRegistry(), log: Log = Log()
    ) throws(SetupError) -> EventAnalyzerFactory {
        factory(try RuleAnalyzerParts.load(configuration, log: log), metrics: metrics)
    }

    /// A factory of one analyzer per worker over `parts`; with `restoring`, each analyzer
    /// takes the saved state of the hosts sharded to its worker.
    package static func factory(
        _ parts: RuleAnalyzerParts, metrics: MetricsRegistry, restoring: StateRestore? = nil
    ) -> EventAnalyzerFactory {
        // The fleet memory is shared: it is taken back once, here, not per worker.
        if let restoring, let fleet = restoring.state.fleet { restoring.restoredKeys.add(parts.fleet.restore(fleet)) }
        return { worker in
            let configuration = parts.configuration
            var analyzer = RuleAnalyzer(
                parts: parts,
                hosts: HostContextTable(configuration: configuration.enrichment.hosts),
                geo: parts.geo,
                engine: CorrelationEngine(
                    configuration: configuration.correlation, rules: parts.rules, fleet: parts.fleet),
                parents: SuspiciousParent(images: configuration.detection.suspiciousProcess.parents),
                suppressor: AlertSuppressor(window: configuration.alerts.suppressionWindow),
                counters: CorrelationCounters(metrics: metrics, worker: worker),
                joinCounters: EnrichmentCounters(metrics: metrics, worker: worker))
            if let restoring { analyzer.restore(restoring, worker: worker) }
            return analyzer
        }
    }

    /// Rebuilds the rules, intel, allowlist and correlation settings from `new`, keeping state
    /// the settings allow: the hosts' process and DNS memory always; the correlation state when
    /// only the allowlist or the rules changed (otherwise the engine starts empty); the
    /// suppression memory when its window did not change.
    package mutating func reconfigure(_ new: RuleAnalyzerParts) {
        let old = parts.configuration
        let next = new.configuration
        if !CorrelationReset.resets(from: parts, to: new) {
            engine.reconfigure(rules: new.rules, allowlist: next.correlation.allowlist)
        } else {
            let droppedKeys = engine.trackedKeyCount
            engine = CorrelationEngine(configuration: next.correlation, rules: new.rules, fleet: new.fleet)
            counters.engineReplaced()
            new.correlationReset?.workerReset(droppedKeys: droppedKeys)
        }

        if old.alerts.suppressionWindow != next.alerts.suppressionWindow {
            suppressor = AlertSuppressor(window: next.alerts.suppressionWindow)
        }
        parents = SuspiciousParent(images: next.detection.suspiciousProcess.parents)
        geo = new.geo
        parts = new
    }
}
