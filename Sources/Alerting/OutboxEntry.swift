import Detection
import Foundation

/// One alert as the outbox keeps it and webhooks send it: its versioned JSON line (schema 1)
/// and the few fields filters and the Slack text need, so an entry read back after a restart
/// can be delivered without the `Alert` it came from.
public struct OutboxEntry: Equatable, Sendable {
    /// The alert's stable id (`alert_id`), the same on every delivery of the same alert.
    public var id: String
    public var rule: String
    public var severity: Severity
    public var host: String
    public var summary: String
    /// `AlertJSON` of the alert, one line without the newline.
    public var json: String

    public init(id: String, rule: String, severity: Severity, host: String, summary: String, json: String) {
        self.id = id
        self.rule = rule
        self.severity = severity
        self.host = host
        self.summary = summary
        self.json = json
    }

    public init(_ alert: Alert) {
        self.init(
            id: alert.id, rule: alert.finding.rule, severity: alert.finding.severity, host: alert.event.host,
            summary: alert.finding.summary, json: AlertJSON.encode(alert))
    }

    /// Reads a line the outbox wrote; nil when it is not a JSON object with the fields above
    /// (a torn last line after a crash, or a file edited by hand). Runs only at start-up.
    public init?(line: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let id = object["alert_id"] as? String, !id.isEmpty,
            let rule = object["rule"] as? String,
            let severity = (object["severity"] as? String).flatMap(Severity.init(name:))
        else { return nil }
        let host = object["host"] as? String ?? ""
        let summary = object["summary"] as? String ?? ""
        self.init(id: id, rule: rule, severity: severity, host: host, summary: summary, json: line)
    }

    /// Bytes the entry takes in the outbox file, newline included.
    var fileBytes: Int { json.utf8.count + 1 }
}
