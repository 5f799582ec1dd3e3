import Detection
import Enrichment
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// What every worker's `RuleAnalyzer` shares, loaded once from a configuration: the per-event
/// rules over the intel sets, the fleet-wide destination memory and the GeoIP databases.
///
/// `serve` loads it at start and again, off to the side, on each reload; the workers then
/// rebuild their analyzers from it (`RuleAnalyzer.reconfigure`).
package struct RuleAnalyzerParts: Sendable {
    package let configuration: WFPWatchConfiguration
    package let rules: ConnectionRules
    package let fleet: FleetPrevalence
    package let geo: GeoIPLookup
    /// Set by a reload whose correlation settings make the workers start empty engines; each
    /// worker reports the keys it dropped to it.
    package var correlationReset: CorrelationReset?

    /// Loads the intel files `configuration` names. A missing file exits 66 (missing input), a
    /// file with wrong contents 65; both errors carry the file (and line) at fault. `previous`,
    /// the parts in use, lends its fleet memory when the rarity settings did not change.
    package static func load(
        _ configuration: WFPWatchConfiguration, previous: RuleAnalyzerParts? = nil, log: Log = Log()
    ) throws(SetupError) -> RuleAnalyzerParts {
        let intel = try loadIntel(configuration.detection)
        let rarity = configuration.correlation.rarity
        let fleet = previous.flatMap { $0.configuration.correlation.rarity == rarity ? $0.fleet : nil }
        return RuleAnalyzerParts(
            configuration: configuration,
            rules: ConnectionRules(configuration: configuration.detection, intel: intel),
            fleet: fleet ?? FleetPrevalence(configuration: rarity),
            geo: GeoIPLookup(
                countryPath: configuration.enrichment.countryDatabase, asnPath: configuration.enrichment.asnDatabase,
                log: log))
    }

    private static func loadIntel(_ detection: DetectionConfiguration) throws(SetupError) -> ThreatIntelSet {
        let files = detection.threatIntel.enabled ? detection.threatIntel.files : []
        for file in files where access(file, R_OK) != 0 {
            let reason = String(cString: strerror(errno))
            var error = SetupError("detection.threat_intel.files: \(file): \(reason)", exitCode: .noInput)
            error.file = file
            error.reason = reason
            throw error
        }

        do {
            return try ThreatIntelSet.load(files: files)
        } catch {
            var setupError = SetupError("detection.threat_intel.files: \(error)", exitCode: .dataError)
            switch error as? ThreatIntelError {
            case .badLine(let file, let line, let text):
                setupError.file = file
                setupError.line = line
                setupError.reason = "'\(text)' is not an IP address, a CIDR block or a DNS name"
            case .unreadable(let file, let reason):
                setupError.file = file
                setupError.reason = reason
            case nil:
                break
            }
            throw setupError
        }
    }
}
