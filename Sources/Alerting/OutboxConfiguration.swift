/// Where the outbox lives and how large it may grow.
public struct OutboxConfiguration: Equatable, Sendable {
    /// What to give up when the file is full.
    public enum Keep: String, Equatable, Sendable {
        /// Drop the oldest pending alerts to make room for a new one.
        case newest
        /// Refuse new alerts until deliveries make room.
        case oldest
    }

    /// Installed location of the outbox file (the service's state directory).
    public static let installedPath = "/var/lib/wfpwatch/outbox.jsonl"

    public var path: String
    /// Upper bound on the file; an alert that does not fit is dropped (logged and counted).
    public var maximumBytes: Int
    public var keep: Keep

    public init(path: String = installedPath, maximumBytes: Int = 64 * 1024 * 1024, keep: Keep = .newest) {
        self.path = path
        self.maximumBytes = maximumBytes
        self.keep = keep
    }
}
