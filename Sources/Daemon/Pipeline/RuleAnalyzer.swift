import Alerting
import Detection
import Enrichment
import EventDecoding
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// The analyzer `serve` and `replay` run: the hosts' process and DNS memory joined onto each
/// connection, the correlation engine (per-event rules and the stateful detectors), then
/// suppression of repeats. Each worker has its own, over intel sets loaded once and one
/// fleet-wide destination memory.
package struct RuleAnalyzer: EventAnalyzer {
    var hosts: HostContextTable
    let geo: GeoIPLookup
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

    /// Loads the intel files the configuration names and returns a factory of one analyzer per
    /// worker, each publishing its engine's counters to `metrics`. A missing file exits 66
    /// (missing input), a file with wrong contents 65.
    package static func factory(
        _ configuration: WFPWatchConfiguration, metrics: MetricsRegistry = MetricsRegistry(), log: Log = Log()
    ) throws(SetupError) -> EventAnalyzerFactory {
        let detection = configuration.detection
        let files = detection.threatIntel.enabled ? detection.threatIntel.files : []
        for file in files where access(file, R_OK) != 0 {
            let reason = String(cString: strerror(errno))
            throw SetupError("detection.threat_intel.files: \(file): \(reason)", exitCode: .noInput)
        }

        let intel: ThreatIntelSet
        do {
            intel = try ThreatIntelSet.load(files: files)
        } catch {
            throw SetupError("detection.threat_intel.files: \(error)", exitCode: .dataError)
        }
        let rules = ConnectionRules(configuration: detection, intel: intel)
        let fleet = FleetPrevalence(configuration: configuration.correlation.rarity)
        let geo = GeoIPLookup(
            countryPath: configuration.enrichment.countryDatabase, asnPath: configuration.enrichment.asnDatabase,
            log: log)
        return { worker in
            RuleAnalyzer(
                hosts: HostContextTable(configuration: configuration.enrichment.hosts),
                geo: geo,
                engine: CorrelationEngine(configuration: configuration.correlation, rules: rules, fleet: fleet),
                parents: SuspiciousParent(images: detection.suspiciousProcess.parents),
                suppressor: AlertSuppressor(window: configuration.alerts.suppressionWindow),
                counters: CorrelationCounters(metrics: metrics, worker: worker),
                joinCounters: EnrichmentCounters(metrics: metrics, worker: worker))
        }
    }
}
