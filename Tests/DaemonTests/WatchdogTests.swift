import Alerting
import Dispatch
import EventDecoding
import Foundation
import Synchronization
import Testing
import WFPCore

@testable import Daemon

/// An analyzer that blocks on the event of host `stuck` until released.
private struct BlockingAnalyzer: EventAnalyzer {
    let gate: DispatchSemaphore
    let entered: DispatchSemaphore

    mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert]) {
        guard event.host == "stuck" else { return }
        entered.signal()
        gate.wait()
    }
}

/// The notifications a watchdog sent.
private final class Pings: Sendable {
    private let count = Mutex(0)
    func record(_ state: String) { if state == "WATCHDOG=1" { count.withLock { $0 += 1 } } }
    var value: Int { count.withLock { $0 } }
}

// Serialized: the checks measure whether worker threads answer within a second, which a
// neighbouring test saturating both cores can disturb.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct WatchdogTests {
    @Test func watchdog_withholdsPings_whileAWorkerIsStuck_andResumesAfter() throws {
        let gate = DispatchSemaphore(value: 0)
        let entered = DispatchSemaphore(value: 0)
        let pipeline = Pipeline(
            workerCount: 2, queueEvents: 64, makeAnalyzer: { _ in BlockingAnalyzer(gate: gate, entered: entered) },
            sinks: [], metrics: MetricsRegistry(), log: Log())
        let metrics = MetricsRegistry()
        let log = RecordingLogBackend()
        let pings = Pings()
        let watchdog = Watchdog(
            pipeline: pipeline, watchdogInterval: .seconds(2), metrics: metrics,
            log: Log(backend: log), notify: { pings.record($0) })
        #expect(watchdog.checkInterval == .seconds(1))

        // A moving pipeline: every check pings once its heartbeats came back.
        #expect(watchdog.check())
        Thread.sleep(forTimeInterval: 1)
        #expect(watchdog.check())
        #expect(pings.value == 2)

        // Stick the worker of host "stuck" in the middle of a batch.
        let shard = pipeline.shard(forHost: "stuck")
        pipeline.submit([PipelineFixtures.connection(host: "stuck", second: 1)], shard: shard)
        try #require(entered.wait(timeout: .now() + 5) == .success)
        // Before every check the free worker has a whole second to take its heartbeat, so only
        // the stuck one can be reported however loaded the machine is.
        Thread.sleep(forTimeInterval: 1)
        _ = watchdog.check()  // may still see the heartbeat taken before the block
        Thread.sleep(forTimeInterval: 1)
        #expect(!watchdog.check())
        Thread.sleep(forTimeInterval: 1)
        #expect(!watchdog.check())
        let pingsWhileStuck = pings.value
        #expect(metrics.total("wfpwatch_watchdog_stalls_total") >= 2)
        #expect(log.values(of: "stuck", message: "pipeline stuck, watchdog pings withheld") == ["worker-\(shard)"],
            "logged once, naming the worker")
        Thread.sleep(forTimeInterval: 0.2)

        gate.signal()
        try #require(waitUntil { watchdog.check() })
        #expect(pings.value == pingsWhileStuck + 1)
        pipeline.stop()
    }

    @Test func watchdog_withholdsPings_whileAlertDeliveryIsStuck() throws {
        let gate = DispatchSemaphore(value: 0)
        let pipeline = Pipeline(
            workerCount: 1, queueEvents: 64, makeAnalyzer: { AlertEveryEventAnalyzer(worker: $0, seen: nil) },
            sinks: [BlockingSink(gate: gate)], metrics: MetricsRegistry(), log: Log())
        let log = RecordingLogBackend()
        let watchdog = Watchdog(
            pipeline: pipeline, watchdogInterval: .seconds(2), metrics: MetricsRegistry(),
            log: Log(backend: log), notify: { _ in })

        pipeline.submit([PipelineFixtures.connection(host: "h", second: 1)], shard: 0)
        Thread.sleep(forTimeInterval: 1)
        _ = watchdog.check()
        Thread.sleep(forTimeInterval: 1)
        #expect(!watchdog.check())
        #expect(log.values(of: "stuck", message: "pipeline stuck, watchdog pings withheld") == ["alert-dispatcher"])

        gate.signal()
        try #require(waitUntil { watchdog.check() })
        pipeline.stop()
    }

    /// Polls `condition` every 50 ms for up to 5 s.
    private func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<100 {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}

/// A sink whose first delivery blocks until released.
private final class BlockingSink: AlertSink {
    let gate: DispatchSemaphore
    private let blocked = Mutex(false)

    init(gate: DispatchSemaphore) { self.gate = gate }

    func deliver(_ alert: Alert) {
        let first = blocked.withLock { wasBlocked in
            defer { wasBlocked = true }
            return !wasBlocked
        }
        if first { gate.wait() }
    }

    func flush() {}
}
