import WFPCore

/// Writes the daemon's own log lines to the journal: MESSAGE is the constant message, PRIORITY
/// the level, WFPWATCH_KIND=log, and each field `key` becomes `WFPWATCH_<KEY>`, so
/// `journalctl WFPWATCH_KIND=log WFPWATCH_SINK=journal` finds lines by their data.
/// A line the journal refuses (no journal socket) goes to stderr instead.
public struct JournalLogBackend: LogBackend {
    private let fallback: any LogBackend
    private let send: @Sendable ([(String, String)]) -> Int32

    public init() {
        self.init(fallback: StandardErrorLogBackend()) { Journal.send($0) }
    }

    /// A backend with its own sender and fallback, so tests can play a missing journal.
    package init(fallback: any LogBackend, send: @escaping @Sendable ([(String, String)]) -> Int32) {
        self.fallback = fallback
        self.send = send
    }

    public func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        var entry: [(String, String)] = [
            ("MESSAGE", message),
            ("PRIORITY", String(level.rawValue)),
            ("SYSLOG_IDENTIFIER", Journal.identifier),
            ("WFPWATCH_KIND", "log"),
        ]
        for (key, value) in fields { entry.append((Journal.fieldName(forKey: key), value)) }

        if send(entry) < 0 { fallback.write(level, message, fields) }
    }
}
