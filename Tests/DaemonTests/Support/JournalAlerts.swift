import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Alerts as journald stored them, read back with `journalctl -o json --all`.
struct JournalAlert {
    /// The entry's PRIORITY field.
    var priority: Int
    /// The whole alert, from WFPWATCH_ALERT_JSON.
    var alert: [String: Any]

    var severity: String { alert["severity"] as? String ?? "" }
}

enum JournalAlerts {
    /// The alert entries process `pid` wrote, polling until at least `count` are there or 10 s
    /// pass (journald may index entries a moment after they were sent).
    static func read(pid: Int32, atLeast count: Int) throws -> [JournalAlert] {
        var found: [JournalAlert] = []
        for _ in 0..<50 {
            let result = try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/journalctl"),
                ["-o", "json", "--all", "--no-pager", "_PID=\(pid)", "WFPWATCH_KIND=alert"])
            found = try result.output.split(separator: "\n").map(entry)
            if found.count >= count { return found }
            usleep(200_000)
        }
        return found
    }

    private static func entry(_ line: Substring) throws -> JournalAlert {
        let fields = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        let json = fields["WFPWATCH_ALERT_JSON"] as? String ?? "{}"
        let alert = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        return JournalAlert(priority: Int(fields["PRIORITY"] as? String ?? "") ?? -1, alert: alert)
    }

    /// journald's PRIORITY for a severity (syslog levels: critical is crit, high is err, ...).
    static func priority(ofSeverity severity: String) -> Int? {
        ["critical": 2, "high": 3, "medium": 4, "low": 5, "info": 6][severity]
    }
}

/// Alert objects in one comparable form: keys sorted, `received_at` and `relay` left out
/// (serve stamps its own receive time, and a relaying sender such as logger names itself).
enum ComparableAlert {
    static func text(_ alert: [String: Any]) throws -> String {
        let kept = alert.filter { $0.key != "received_at" && $0.key != "relay" }
        let data = try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func text(jsonLine line: Substring) throws -> String {
        try text(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:])
    }
}
