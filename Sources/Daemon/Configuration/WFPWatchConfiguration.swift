import Alerting
import Detection
import Enrichment
import Foundation
import Receiving
import WFPCore

/// Everything `wfpwatch.yaml` says, typed and validated. Missing sections and keys take the
/// defaults below; unknown keys are errors.
public struct WFPWatchConfiguration: Equatable, Sendable {
    public var listeners: [ListenerConfiguration]
    public var detection: DetectionConfiguration
    /// Beaconing, frequency, fan-out, rarity, the allowlist and the bounds on their state.
    public var correlation: CorrelationConfiguration
    /// GeoIP databases for country and ASN of destinations.
    public var enrichment = EnrichmentConfiguration()
    public var alerts: AlertsConfiguration
    /// The Prometheus endpoint (`GET /metrics`).
    public var metrics = MetricsConfiguration()
    public var pipeline: PipelineConfiguration
    /// The correlation state saved across restarts.
    public var state = StateConfiguration()
    public var logLevel: LogLevel

    public init(
        listeners: [ListenerConfiguration] = WFPWatchConfiguration.defaultListeners,
        detection: DetectionConfiguration = DetectionConfiguration(),
        correlation: CorrelationConfiguration = CorrelationConfiguration(),
        alerts: AlertsConfiguration = AlertsConfiguration(),
        pipeline: PipelineConfiguration = PipelineConfiguration(), logLevel: LogLevel = .info
    ) {
        self.listeners = listeners
        self.detection = detection
        self.correlation = correlation
        self.alerts = alerts
        self.pipeline = pipeline
        self.logLevel = logLevel
    }

    /// UDP and TCP on 127.0.0.1:5514.
    public static let defaultListeners = [
        ListenerConfiguration(name: "udp", transport: .udp),
        ListenerConfiguration(name: "tcp", transport: .tcp),
    ]

    public struct AlertsConfiguration: Equatable, Sendable {
        /// Findings with the same key within this window are counted, not alerted again.
        public var suppressionWindow: Duration = .seconds(600)
        /// Send alerts to the systemd journal.
        public var journal = true
        /// Append alerts as JSON lines to this file (`-` is standard output); nil: off.
        public var jsonLinesPath: String?
        /// POST alerts to these webhooks, through the outbox.
        public var webhooks: [WebhookConfiguration] = []
        /// The durable queue in front of the webhooks (used only when there are webhooks).
        public var outbox = OutboxConfiguration()

        public init() {}
    }

    public struct EnrichmentConfiguration: Equatable, Sendable {
        /// A MaxMind or DB-IP country (or city) `.mmdb`; nil: no country lookups.
        public var countryDatabase: String?
        /// A MaxMind or DB-IP ASN `.mmdb`; nil: no AS lookups.
        public var asnDatabase: String?
        /// Bounds of the per-host process and DNS memory (DNS answer lifetimes among them).
        package var hosts = HostContextTable.Configuration()

        public init() {}
    }

    public struct PipelineConfiguration: Equatable, Sendable {
        /// Detection workers; events are spread over them by host.
        public var workers = ProcessInfo.processInfo.activeProcessorCount
        /// Events queued per worker before the receiving threads wait.
        public var queueEvents = 16_384

        public init() {}
    }
}

extension WFPWatchConfiguration {
    /// The installed location.
    public static let installedPath = "/etc/wfpwatch/wfpwatch.yaml"
    /// Used when the installed file is absent and wfpwatch runs from its source tree.
    public static let sourceTreePath = "config/wfpwatch.yaml"

    /// The path used when none is given: the installed file, else the source tree's, else nil.
    public static func defaultPath(fileExists: (String) -> Bool = FileManager.default.fileExists) -> String? {
        [installedPath, sourceTreePath].first(where: fileExists)
    }

    /// Reads and validates the file at `path`. Relative paths inside (intel files, the JSON
    /// lines file) are resolved against the file's folder.
    public static func load(path: String) throws(ConfigurationError) -> WFPWatchConfiguration {
        let text: String
        do {
            text = String(decoding: try FileContents.read(path: path), as: UTF8.self)
        } catch {
            throw ConfigurationError(file: path, line: nil, keyPath: "", message: "cannot be read (\(error.reason))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, file: path, baseDirectory: folder)
    }

    /// Validates YAML `text`; `file` names it in errors.
    public static func parse(
        _ text: String, file: String, baseDirectory: String
    ) throws(ConfigurationError) -> WFPWatchConfiguration {
        let root: YAMLNode
        do {
            root = try YAMLDocument.parse(text)
        } catch {
            throw ConfigurationError(file: file, line: error.line, keyPath: "", message: "malformed YAML: \(error.message)")
        }
        let reader = ConfigurationReader(baseDirectory: baseDirectory)
        return try reader.read(ConfigValue(node: root, keyPath: "", file: file))
    }
}
