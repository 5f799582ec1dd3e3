import Foundation

/// `wfpwatch-bench ingest-generate` and `ingest-send`, the two halves of scripts/bench-ingest.
enum IngestCommand {
    static let options: Set<String> = [
        "--data", "--out", "--messages", "--hosts", "--seed", "--start-ms", "--file", "--port", "--connections", "--transport",
        "--sink", "--until", "--timeout", "--probe-every", "--end-probes",
    ]

    static func generate(_ arguments: BenchArguments) throws {
        let data = arguments.text("--data", default: "../shared/data/real")
        let out = arguments.text("--out", default: "ingest-bench.log")
        let messages = try arguments.integer("--messages", default: 1_000_000)
        var generator = try IngestGenerator(
            dataDirectory: data, hosts: try arguments.integer("--hosts", default: 2000),
            seed: UInt64(try arguments.integer("--seed", default: 1)),
            startMilliseconds: try arguments.integer("--start-ms").map(Int64.init))
        try generator.write(messages: messages, to: out)
        let counts = generator.templateCounts.map(String.init).joined(separator: "/")
        print("generated \(messages) messages to \(out) from \(counts) captured 5156/Sysmon 3/1/22 events")
    }

    /// Sends the file and waits until the receiver's output shows it all: every line
    /// (`--until lines`, for rsyslog) or the end probes (`--until probes`, for wfpwatch's alerts).
    static func send(_ arguments: BenchArguments) throws {
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: arguments.text("--file", default: ""))))
        let port = UInt16(try arguments.integer("--port", default: 5514))
        let udp = arguments.text("--transport", default: "tcp") == "udp"
        let connections = udp ? 1 : max(try arguments.integer("--connections", default: 4), 1)
        let streams = IngestStream.split(
            file, count: connections, probeEvery: try arguments.integer("--probe-every", default: 5000),
            endProbes: try arguments.integer("--end-probes", default: 8))
        let messages = streams.reduce(0) { $0 + $1.messageCount }
        let untilLines = arguments.text("--until", default: "probes") == "lines"
        let watcher = IngestSinkWatcher(path: arguments.text("--sink", default: ""))
        let timeout = Double(try arguments.integer("--timeout", default: 600))

        let probes = ProbeClock()
        let outcome = SendOutcome()
        let started = monotonicSeconds()
        Thread.detachNewThread {
            do {
                if udp {
                    outcome.finish(sent: try IngestSender.sendUDP(streams[0], port: port, probes: probes))
                } else {
                    try IngestSender.sendTCP(streams, port: port, probes: probes)
                    outcome.finish(sent: messages)
                }
            } catch {
                FileHandle.standardError.write(Data("wfpwatch-bench: \(error)\n".utf8))
                outcome.finish(sent: 0)
            }
        }

        let endIDs = streams.flatMap(\.endProbeIDs)
        let complete = watcher.wait(
            timeoutSeconds: timeout, idleSeconds: udp ? 3 : timeout, quietFrom: outcome.finishedAt
        ) { sink in
            untilLines ? sink.lines >= messages : endIDs.allSatisfy { sink.probeSeenAt[$0] != nil }
        }
        let ended = complete ? monotonicSeconds() : watcher.lastGrowth
        while outcome.finishedAt() == nil { usleep(10000) }
        report(
            messages: messages, sent: outcome.sent, seconds: ended - started, complete: complete, watcher: watcher,
            probes: probes, untilLines: untilLines)
    }

    private static func report(
        messages: Int, sent: Int, seconds: Double, complete: Bool, watcher: IngestSinkWatcher, probes: ProbeClock,
        untilLines: Bool
    ) {
        var latencies: [Double] = []
        for (id, sentAt) in probes.sentTimes() {
            if let seenAt = watcher.probeSeenAt[id] { latencies.append(max(seenAt - sentAt, 0) * 1000) }
        }
        latencies.sort()
        func percentile(_ share: Double) -> String {
            guard !latencies.isEmpty else { return "-" }
            return String(format: "%.1f", latencies[min(Int(share * Double(latencies.count)), latencies.count - 1)])
        }
        let rate = Double(sent) / max(seconds, 1e-9)
        print(
            "messages=\(messages) sent=\(sent) seconds=\(String(format: "%.3f", seconds)) "
                + "rate=\(Int(rate)) complete=\(complete) sink_lines=\(watcher.lines) "
                + "probes_seen=\(latencies.count)/\(probes.sentTimes().count) "
                + "latency_p50_ms=\(percentile(0.5)) latency_p99_ms=\(percentile(0.99))")
    }
}

/// When the sender finished and how many messages it sent.
final class SendOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var finished: Double?
    private var count = 0

    func finish(sent: Int) {
        lock.withLock {
            count = sent
            finished = monotonicSeconds()
        }
    }

    func finishedAt() -> Double? { lock.withLock { finished } }
    var sent: Int { lock.withLock { count } }
}
