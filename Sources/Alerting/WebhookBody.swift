/// The body of one webhook request for a batch of entries.
package enum WebhookBody {
    package static func make(_ entries: [OutboxEntry], format: WebhookConfiguration.Format) -> [UInt8] {
        switch format {
        case .json: json(entries)
        case .slack: slack(entries)
        }
    }

    /// `{"schema":1,"alerts":[<AlertJSON>,...]}`: the alert lines are already JSON objects.
    private static func json(_ entries: [OutboxEntry]) -> [UInt8] {
        var text = "{\"schema\":\(AlertJSON.schemaVersion),\"alerts\":["
        for (index, entry) in entries.enumerated() {
            if index > 0 { text += "," }
            text += entry.json
        }
        text += "]}"
        return Array(text.utf8)
    }

    /// `{"text":"..."}` with one line per alert: severity, rule, host, summary and id.
    private static func slack(_ entries: [OutboxEntry]) -> [UInt8] {
        var lines = ""
        for (index, entry) in entries.enumerated() {
            if index > 0 { lines += "\n" }
            lines += "[\(entry.severity.name)] \(entry.rule) on \(entry.host): \(entry.summary) (alert \(entry.id))"
        }
        var text = "{\"text\":"
        JSONString.append(lines, to: &text)
        text += "}"
        return Array(text.utf8)
    }
}
