import Detection
import Foundation
import WFPCore

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
    /// The connection the alert is about, for a reload's allowlist; nil when it is not one.
    public var target: AlertTarget?
    /// Wall time the event behind the alert was received (`received_at`), for the age of the
    /// oldest pending entry; nil when unknown, and then the entry does not count for that age.
    public var raisedAt: Timestamp?

    public init(
        id: String, rule: String, severity: Severity, host: String, summary: String, json: String,
        target: AlertTarget? = nil, raisedAt: Timestamp? = nil
    ) {
        self.id = id
        self.rule = rule
        self.severity = severity
        self.host = host
        self.summary = summary
        self.json = json
        self.target = target
        self.raisedAt = raisedAt
    }

    public init(_ alert: Alert) {
        self.init(
            id: alert.id, rule: alert.finding.rule, severity: alert.finding.severity, host: alert.event.host,
            summary: alert.finding.summary, json: AlertJSON.encode(alert), target: AlertTarget(alert),
            raisedAt: alert.event.receivedAt)
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
        let receivedAt = (object["received_at"] as? String).flatMap { text in
            Array(text.utf8).withUnsafeBytes { DateTimeText.parse($0)?.timestamp }
        }
        self.init(
            id: id, rule: rule, severity: severity, host: host, summary: summary, json: line,
            target: AlertTarget(json: object), raisedAt: receivedAt)
    }

    /// Bytes the entry takes in the outbox file, newline included.
    var fileBytes: Int { json.utf8.count + 1 }
}
