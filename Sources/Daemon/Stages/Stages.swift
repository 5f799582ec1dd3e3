import Alerting
import Detection
import EventDecoding
import Receiving
import SyslogParsing
import WFPCore

// The daemon's calls into the receiving, parsing, detection and alerting stages. Everything
// else in the Daemon target reaches those stages only through `Stages`.

extension TCPFramer: StreamFraming {}

/// Rules and suppression of one detection worker.
private struct RuleAnalyzer: EventAnalyzer {
    var rules: ConnectionRules
    var suppressor: AlertSuppressor

    mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert]) {
        for finding in rules.evaluate(event) {
            if let alert = suppressor.process(finding, event: event) { alerts.append(alert) }
        }
    }
}

package enum Stages {
    package static let frameProcessing = FrameProcessingOptions(isValidUTF8: { SyslogText.isValidUTF8($0) })

    package static func makeStreamFramer(maximumMessageBytes: Int) -> any StreamFraming {
        TCPFramer(maximumMessageBytes: maximumMessageBytes)
    }

    package static func makeListener(
        _ configuration: ListenerConfiguration, makeSink: @escaping MessageSinkFactory, metrics: MetricsRegistry,
        log: Log
    ) -> ListenerHandle {
        switch configuration.transport {
        case .udp:
            let listener = UDPListener(configuration: configuration, makeSink: makeSink, metrics: metrics, log: log)
            return ListenerHandle(
                name: configuration.name, start: { try listener.start() }, stop: { listener.stop() },
                boundPort: { listener.boundPort })
        case .tcp:
            let listener = TCPListener(configuration: configuration, makeSink: makeSink, metrics: metrics, log: log)
            return ListenerHandle(
                name: configuration.name, start: { try listener.start() }, stop: { listener.stop() },
                boundPort: { listener.boundPort })
        }
    }

    /// Loads the intel files once; every worker gets its own rules and suppressor over them.
    package static func makeAnalyzerFactory(
        detection: DetectionConfiguration, suppressionWindow: Duration
    ) throws(StageSetupError) -> EventAnalyzerFactory {
        let files = detection.threatIntel.enabled ? detection.threatIntel.files : []
        try IntelFiles.checkReadable(files)
        let intel: ThreatIntelSet
        do {
            intel = try ThreatIntelSet.load(files: files)
        } catch {
            throw StageSetupError("detection.threat_intel.files: \(error)", exitCode: .dataError)
        }
        return { _ in
            RuleAnalyzer(
                rules: ConnectionRules(configuration: detection, intel: intel),
                suppressor: AlertSuppressor(window: suppressionWindow))
        }
    }

    /// The sinks `alerts` configures, in delivery order: journal, then JSON lines.
    package static func makeAlertSinks(
        _ alerts: WFPWatchConfiguration.AlertsConfiguration, metrics: MetricsRegistry, log: Log
    ) throws(StageSetupError) -> [any AlertSink] {
        var sinks: [any AlertSink] = []
        if alerts.journal { sinks.append(JournalSink(log: log, metrics: metrics)) }
        if let path = alerts.jsonLinesPath {
            if path == "-" {
                sinks.append(JSONLinesSink(fileDescriptor: 1))
            } else {
                do {
                    sinks.append(try JSONLinesSink(path: path))
                } catch {
                    throw StageSetupError("alerts.json_lines: \(path): \(error)", exitCode: .ioError)
                }
            }
        }
        return sinks
    }

    /// Alerts as JSON lines on standard output (replay).
    package static func makeStandardOutputAlertSink() -> any AlertSink {
        JSONLinesSink(fileDescriptor: 1)
    }

    /// The daemon's own log when it runs under systemd.
    package static func makeJournalLogBackend() -> any LogBackend {
        JournalLogBackend()
    }
}
