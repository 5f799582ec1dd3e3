import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A `wfpwatch serve` with one TCP listener and the metrics endpoint on free loopback ports,
/// started with a notification socket (and, if asked, WATCHDOG_USEC) as systemd would.
final class MetricsServe {
    let folder: URL
    let configPath: String
    let syslogPort: UInt16
    let metricsPort: UInt16
    let notify: NotifySocket
    private let process = Process()

    var metricsURL: String { "http://127.0.0.1:\(metricsPort)/metrics" }

    init(watchdogMicroseconds: Int? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        configPath = folder.appendingPathComponent("wfpwatch.yaml").path
        syslogPort = try LoopbackSockets.freePort()
        var metricsPort = try LoopbackSockets.freePort()
        while metricsPort == syslogPort { metricsPort = try LoopbackSockets.freePort() }
        self.metricsPort = metricsPort
        try """
            listeners:
              - {name: tcp, transport: tcp, address: 127.0.0.1, port: \(syslogPort), max_message_bytes: 65536}
            alerts: {journal: false}
            metrics: {listen: "127.0.0.1:\(metricsPort)", enabled: true}
            pipeline: {workers: 2}
            state: {directory: \(folder.path)}
            """.write(toFile: configPath, atomically: true, encoding: .utf8)

        notify = try NotifySocket(path: folder.appendingPathComponent("notify.sock").path)
        process.executableURL = TestPaths.binary
        process.arguments = ["serve", "--config", configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["INVOCATION_ID"] = nil
        environment["WATCHDOG_USEC"] = watchdogMicroseconds.map(String.init)
        environment["WATCHDOG_PID"] = nil
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()

        try #require(process.waitUntilReady(notify), "serve did not become ready")
    }

    /// SIGTERM, then the exit status; nothing when already stopped.
    func stop() -> Int32 {
        process.terminateAndWait()
    }

    deinit {
        process.discard(folder: folder)
    }
}

/// Checks Prometheus text line by line: `# HELP name text`, then `# TYPE name counter|gauge`,
/// then samples of that name only (`name{label="value",...} number`). Returns the samples by
/// series (`name{labels}` as written).
enum ExpositionLines {
    static func check(_ text: String) throws -> [String: Double] {
        #expect(text.hasSuffix("\n"))
        var samples: [String: Double] = [:]
        var current = ""
        var expectType = false
        var seen: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let words = line.split(separator: " ", maxSplits: 3).map(String.init)
            if line.hasPrefix("# HELP ") {
                try #require(words.count == 4 && !seen.contains(words[2]), "bad HELP: \(line)")
                current = words[2]
                seen.insert(current)
                expectType = true
            } else if line.hasPrefix("# TYPE ") {
                try #require(expectType && words.count == 4 && words[2] == current, "TYPE out of place: \(line)")
                try #require(words[3] == "counter" || words[3] == "gauge", "type: \(line)")
                #expect(current.hasSuffix("_total") == (words[3] == "counter"), "counter names end in _total: \(line)")
                expectType = false
            } else {
                try #require(!expectType && words.count == 2, "bad sample: \(line)")
                let series = words[0]
                let name = series.prefix { $0 != "{" }
                try #require(name == current, "sample \(line) outside its HELP/TYPE block \(current)")
                try #require(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                if series.contains("{") {
                    try #require(series.hasSuffix("\"}"), "labels: \(line)")
                }
                samples[series] = try #require(Double(words[1]), "value: \(line)")
            }
        }
        return samples
    }

    /// Sum over every series of `name`.
    static func sum(_ name: String, in samples: [String: Double]) -> Double {
        samples.filter { $0.key == name || $0.key.hasPrefix(name + "{") }.values.reduce(0, +)
    }
}
