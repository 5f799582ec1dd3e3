import Detection
import Enrichment
import Synchronization
import WFPCore

/// Delivers alerts to the systemd journal, one entry each: MESSAGE is the summary, PRIORITY
/// follows severity, and every alert field is a `WFPWATCH_*` field, the whole JSON line included
/// (`journalctl -o json WFPWATCH_KIND=alert`).
///
/// When the journal is missing, the first failure is logged once as an error, every failure is
/// counted in `wfpwatch_sink_failures_total{sink=journal}`, and the sink keeps trying silently;
/// the first success afterwards is logged once with the number of alerts lost.
public final class JournalSink: AlertSink {
    public typealias Sender = @Sendable ([(String, String)]) -> Int32

    private let log: Log
    private let send: Sender
    private let failures: Counter
    private let deliveries: Counter
    /// Alerts that failed since the journal was last reachable; nil while it is reachable.
    private let outage = Mutex<Int?>(nil)

    public convenience init(log: Log, metrics: MetricsRegistry) {
        self.init(log: log, metrics: metrics, send: { Journal.send($0) })
    }

    /// A sink with its own sender, so tests can play a missing journal.
    package init(log: Log, metrics: MetricsRegistry, send: @escaping Sender) {
        self.log = log
        self.send = send
        self.failures = metrics.counter("wfpwatch_sink_failures_total", ["sink": "journal"])
        self.deliveries = metrics.counter("wfpwatch_sink_deliveries_total", ["sink": "journal"])
    }

    public func deliver(_ alert: Alert) {
        let result = send(Self.fields(of: alert))
        if result < 0 {
            failures.add()
            let first = outage.withLock { lost in
                defer { lost = (lost ?? 0) + 1 }
                return lost == nil
            }
            if first {
                log.log(
                    .error, "journal unreachable; alerts are not reaching the journal",
                    [("sink", "journal"), ("error", Journal.errorText(result)), ("alert_id", alert.id)])
            }
            return
        }

        deliveries.add()
        if let lost = outage.withLock({ lost in defer { lost = nil }; return lost }) {
            log.log(.notice, "journal reachable again", [("sink", "journal"), ("lost_alerts", String(lost))])
        }
    }

    public func flush() {}

    /// Syslog priority: critical 2, high 3, medium 4, low 5, info 6.
    package static func priority(of severity: Severity) -> Int {
        switch severity {
        case .critical: 2
        case .high: 3
        case .medium: 4
        case .low: 5
        case .info: 6
        }
    }

    package static func fields(of alert: Alert) -> [(String, String)] {
        let event = alert.event
        let finding = alert.finding
        let process = AlertJSON.process(of: event)
        var fields: [(String, String)] = [
            // A summary is one line; what an event said cannot add lines to it.
            ("MESSAGE", finding.summary.replacingControlCharacters),
            ("PRIORITY", String(priority(of: finding.severity))),
            ("SYSLOG_IDENTIFIER", Journal.identifier),
            ("WFPWATCH_KIND", "alert"),
            ("WFPWATCH_RULE", finding.rule),
            ("WFPWATCH_SEVERITY", finding.severity.name),
            ("WFPWATCH_TECHNIQUE", finding.techniques.joined(separator: ",")),
            ("WFPWATCH_HOST", event.host),
            ("WFPWATCH_PROCESS", process.image),
            ("WFPWATCH_PROCESS_PATH", process.path),
        ]
        if let pid = process.pid { fields.append(("WFPWATCH_PID", String(pid))) }
        if let creation = alert.context?.process {
            if let commandLine = creation.commandLine { fields.append(("WFPWATCH_COMMAND_LINE", commandLine)) }
            if let parent = creation.parentImage { fields.append(("WFPWATCH_PARENT", parent)) }
            if let user = creation.user { fields.append(("WFPWATCH_USER", user)) }
        }
        if let name = alert.context?.remoteName { fields.append(("WFPWATCH_DST_NAME", name)) }
        if let country = alert.geo?.countryCode { fields.append(("WFPWATCH_DST_COUNTRY", country)) }
        if let asn = alert.geo?.asn { fields.append(("WFPWATCH_DST_ASN", String(asn))) }

        if let connection = event.connection {
            fields += [
                ("WFPWATCH_SRC_IP", connection.sourceAddress.description),
                ("WFPWATCH_SRC_PORT", String(connection.sourcePort)),
                ("WFPWATCH_DST_IP", connection.destinationAddress.description),
                ("WFPWATCH_DST_PORT", String(connection.destinationPort)),
                ("WFPWATCH_PROTOCOL", IPProtocol.name(connection.protocolNumber)
                    ?? String(connection.protocolNumber)),
                ("WFPWATCH_DIRECTION", connection.direction.rawValue),
                ("WFPWATCH_OUTCOME", connection.outcome.rawValue),
            ]
        }

        fields += [
            ("WFPWATCH_EVENT_ID", String(event.eventID)),
            ("WFPWATCH_EVENT_TIME", CivilTime.rfc3339(event.time)),
            ("WFPWATCH_ALERT_ID", alert.id),
            ("WFPWATCH_SUPPRESSED", String(alert.suppressedCount)),
            ("WFPWATCH_ALERT_JSON", AlertJSON.encode(alert)),
        ]
        fields += AlertJSON.timelineJournalFields(alert.timeline)
        return fields
    }
}
