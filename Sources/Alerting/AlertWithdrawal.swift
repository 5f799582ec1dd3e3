import Detection

/// Alerts a reload takes back before they are delivered: those on a connection the new
/// allowlist covers. Each sink drops what it still holds of them (`AlertSink.withdraw`); what
/// was already delivered stays delivered.
public struct AlertWithdrawal: Sendable {
    public let allowlist: Allowlist
    /// Why the alerts go, the `reason` label of `wfpwatch_outbox_removed_total`.
    public let reason: String

    public init(allowlist: Allowlist, reason: String = "allowlisted") {
        self.allowlist = allowlist
        self.reason = reason
    }

    public func covers(_ alert: Alert) -> Bool {
        AlertTarget(alert)?.isCovered(by: allowlist) ?? false
    }

    public func covers(_ entry: OutboxEntry) -> Bool {
        entry.target?.isCovered(by: allowlist) ?? false
    }
}

extension AlertSink {
    /// Sinks that hold nothing undelivered (the journal, JSON lines) have nothing to take back.
    public func withdraw(_ withdrawal: AlertWithdrawal) -> Int { 0 }
}
