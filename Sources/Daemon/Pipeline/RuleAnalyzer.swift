import Alerting
import Detection
import EventDecoding

#if canImport(Glibc)
import Glibc
#endif

/// The analyzer `serve` and `replay` run: the connection rules, then suppression of repeats.
/// Each worker has its own, over intel sets loaded once.
package struct RuleAnalyzer: EventAnalyzer {
    var rules: ConnectionRules
    var suppressor: AlertSuppressor

    package mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert]) {
        for finding in rules.evaluate(event) {
            if let alert = suppressor.process(finding, event: event) { alerts.append(alert) }
        }
    }

    /// Loads the intel files `detection` names and returns a factory of one analyzer per worker.
    /// A missing file exits 66 (missing input), a file with wrong contents 65.
    package static func factory(
        detection: DetectionConfiguration, suppressionWindow: Duration
    ) throws(SetupError) -> EventAnalyzerFactory {
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
        return { _ in
            RuleAnalyzer(
                rules: ConnectionRules(configuration: detection, intel: intel),
                suppressor: AlertSuppressor(window: suppressionWindow))
        }
    }
}
