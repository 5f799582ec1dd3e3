import Synchronization
import Testing
import WFPCore

private final class LineRecorder: LogBackend {
    let lines = Mutex<[String]>([])

    func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        let text = ([message] + fields.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
        lines.withLock { $0.append(text) }
    }
}

@Test func logRateLimited_countsSuppressedLinesPerScope_notAcrossScopes() {
    let recorder = LineRecorder()
    let log = Log(backend: recorder, linesPerInterval: 1, interval: .seconds(10))
    let start = Timestamp(nanosecondsSinceEpoch: 1_000_000_000_000)
    let refused = "tcp connection refused"

    for _ in 0..<3 { log.rateLimited(.warning, refused, [("reason", "limit")], scope: "limit", now: start) }
    log.rateLimited(.warning, refused, [("reason", "source")], scope: "source", now: start)
    let later = start + .seconds(11)
    log.rateLimited(.warning, refused, [("reason", "source")], scope: "source", now: later)
    log.rateLimited(.warning, refused, [("reason", "limit")], scope: "limit", now: later)

    #expect(recorder.lines.withLock { $0 } == [
        "tcp connection refused reason=limit",
        "tcp connection refused reason=source",
        "tcp connection refused reason=source",
        "tcp connection refused reason=limit suppressed=2",
    ])
}

@Test func logRateLimited_withoutScope_limitsPerMessage() {
    let recorder = LineRecorder()
    let log = Log(backend: recorder, linesPerInterval: 2, interval: .seconds(10))
    let now = Timestamp(nanosecondsSinceEpoch: 5_000_000_000)
    for index in 0..<4 { log.rateLimited(.warning, "udp read failed", [("n", String(index))], now: now) }
    #expect(recorder.lines.withLock { $0 } == ["udp read failed n=0", "udp read failed n=1"])
}
