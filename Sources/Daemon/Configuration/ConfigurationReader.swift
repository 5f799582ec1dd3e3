import Detection
import Foundation
import Receiving
import WFPCore

/// Reads the sections of `wfpwatch.yaml` into `WFPWatchConfiguration`, section by section.
package struct ConfigurationReader {
    /// Folder of the configuration file; relative paths inside it resolve against it.
    package var baseDirectory: String

    package func read(_ root: ConfigValue) throws(ConfigurationError) -> WFPWatchConfiguration {
        let top = try root.mapping(allowedKeys: [
            "listeners", "detection", "correlation", "enrichment", "alerts", "metrics", "pipeline",
            "log_level", "state",
        ])
        var configuration = WFPWatchConfiguration()

        if let listeners = top["listeners"] {
            configuration.listeners = try readListeners(listeners)
        }
        if let detection = top["detection"] {
            configuration.detection = try readDetection(detection)
        }
        if let correlation = top["correlation"] {
            configuration.correlation = try readCorrelation(correlation)
        }
        if let enrichment = top["enrichment"] {
            configuration.enrichment = try readEnrichment(enrichment)
        }
        if let alerts = top["alerts"] {
            configuration.alerts = try readAlerts(alerts)
        }
        if let metrics = top["metrics"] {
            configuration.metrics = try readMetrics(metrics)
        }
        if let pipeline = top["pipeline"] {
            configuration.pipeline = try readPipeline(pipeline)
        }
        configuration.state = try readState(top["state"])
        if let level = top["log_level"] {
            configuration.logLevel = try level.choice([
                ("debug", .debug), ("info", .info), ("notice", .notice), ("warning", .warning), ("error", .error),
            ])
        }
        return configuration
    }

    private func readAlerts(
        _ value: ConfigValue
    ) throws(ConfigurationError) -> WFPWatchConfiguration.AlertsConfiguration {
        let map = try value.mapping(allowedKeys: ["suppression_window", "journal", "json_lines", "webhooks", "outbox"])
        var alerts = WFPWatchConfiguration.AlertsConfiguration()

        if let window = map["suppression_window"] {
            alerts.suppressionWindow = try window.duration(in: .zero ... .seconds(7 * 86_400))
        }
        if let journal = map["journal"] {
            alerts.journal = try journal.bool()
        }
        if let path = map["json_lines"], case .scalar(let scalar) = path.node, !scalar.isNull {
            let text = try path.string()
            alerts.jsonLinesPath = text == "-" ? "-" : resolve(text)
        }
        if map["outbox"] != nil || map["webhooks"] != nil { alerts.outbox = try readOutbox(map["outbox"]) }
        if let webhooks = map["webhooks"] { alerts.webhooks = try readWebhooks(webhooks, outbox: alerts.outbox) }
        return alerts
    }

    private func readPipeline(
        _ value: ConfigValue
    ) throws(ConfigurationError) -> WFPWatchConfiguration.PipelineConfiguration {
        let map = try value.mapping(allowedKeys: ["workers", "queue_events"])
        var pipeline = WFPWatchConfiguration.PipelineConfiguration()

        if let workers = map["workers"] {
            pipeline.workers = try workers.integer(in: 1...256)
        }
        if let queue = map["queue_events"] {
            pipeline.queueEvents = try queue.integer(in: 16...16_777_216)
        }
        return pipeline
    }

    /// `path` made absolute against the configuration's folder.
    package func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardizedFileURL.path
    }
}
