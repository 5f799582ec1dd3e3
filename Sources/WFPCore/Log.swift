import Synchronization

#if canImport(Glibc)
import Glibc
#endif

public enum LogLevel: Int, Comparable, Sendable {
    case debug = 7
    case info = 6
    case notice = 5
    case warning = 4
    case error = 3

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue > rhs.rawValue }
}

/// Where the daemon's own log lines go (the journal when running as a service, stderr else).
public protocol LogBackend: Sendable {
    func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)])
}

/// Writes `level message key=value ...` lines to stderr.
public struct StandardErrorLogBackend: LogBackend {
    public init() {}

    public func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        var line = "\(level)"
        line += " " + message
        for (key, value) in fields { line += " \(key)=\(value)" }
        line += "\n"
        _ = line.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}

/// The daemon's log. Messages are constant strings; data goes in fields. Warnings about bad
/// input go through `rateLimited`, which lets a few lines through per interval for each message
/// and reports how many it held back, so a flood of garbage cannot flood the journal.
public final class Log: Sendable {
    public let minimumLevel: LogLevel
    private let backend: any LogBackend
    private let limiter = Mutex<[String: Window]>([:])
    private let linesPerInterval: Int
    private let intervalNanoseconds: Int64

    private struct Window {
        var start: Int64
        var written: Int
        var suppressed: Int
    }

    public init(
        backend: any LogBackend = StandardErrorLogBackend(), minimumLevel: LogLevel = .info,
        linesPerInterval: Int = 10, interval: Duration = .seconds(10)
    ) {
        self.backend = backend
        self.minimumLevel = minimumLevel
        self.linesPerInterval = linesPerInterval
        self.intervalNanoseconds = interval.nanosecondsTotal
    }

    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, String)] = []) {
        guard level >= minimumLevel else { return }
        backend.write(level, message, fields)
    }

    /// Logs at most `linesPerInterval` lines per message and `scope` per interval (wall time);
    /// the first line after a held-back stretch carries `suppressed=N`, the lines of the same
    /// message and scope held back. A scope is a field value that tells lines apart (a refusal's
    /// reason), so one reason flooding neither silences nor is counted against another.
    public func rateLimited(
        _ level: LogLevel, _ message: String, _ fields: [(String, String)] = [], scope: String = "",
        now: Timestamp = WallClock.now()
    ) {
        guard level >= minimumLevel else { return }
        let key = scope.isEmpty ? message : message + "\u{0}" + scope
        let suppressedBefore: Int? = limiter.withLock { table in
            var window = table[key] ?? Window(start: now.nanosecondsSinceEpoch, written: 0, suppressed: 0)
            if now.nanosecondsSinceEpoch - window.start >= intervalNanoseconds {
                window = Window(start: now.nanosecondsSinceEpoch, written: 0, suppressed: window.suppressed)
            }
            guard window.written < linesPerInterval else {
                window.suppressed += 1
                table[key] = window
                return nil
            }
            let held = window.suppressed
            window.written += 1
            window.suppressed = 0
            table[key] = window
            return held
        }
        guard let held = suppressedBefore else { return }
        backend.write(level, message, held > 0 ? fields + [("suppressed", String(held))] : fields)
    }
}
