import Alerting
import Dispatch
import EventDecoding
import Receiving
import Synchronization
import Testing
import WFPCore

@testable import Daemon

private let quietLog = Log(minimumLevel: .error)

@Test func hostShard_usesFNV1aFoldingCase() {
    // Published FNV-1a 64 test vector for "a".
    #expect(HostShard.hash("a") == 0xaf63_dc4c_8601_ec8c)
    #expect(HostShard.hash("WORKSTATION5.theshire.local") == HostShard.hash("workstation5.THESHIRE.local"))
    #expect(HostShard.index(forHost: "anything", shardCount: 1) == 0)
}

@Test func pipeline_deliversEveryAlert_keepingEachHostOnOneWorkerInOrder() {
    let seen = WorkersByHost()
    let sink = RecordingSink()
    let metrics = MetricsRegistry()
    let pipeline = Pipeline(
        workerCount: 3, queueEvents: 64, makeAnalyzer: { AlertEveryEventAnalyzer(worker: $0, seen: seen) },
        sinks: [sink], metrics: metrics, log: quietLog)

    let hosts = (0..<12).map { "host\($0).example.test" }
    for second in 0..<50 {
        for host in hosts {
            let event = PipelineFixtures.connection(host: host, second: Int64(second))
            pipeline.submit([event], shard: pipeline.shard(forHost: host))
        }
    }
    pipeline.drain()

    let alerts = sink.alerts
    #expect(alerts.count == 600)
    #expect(metrics.total("wfpwatch_alerts_total") == 600)
    for host in hosts {
        let times = alerts.filter { $0.event.host == host }.map(\.event.time.secondsSinceEpoch)
        #expect(times == (0..<50).map(Int64.init))
        #expect(seen.workers(of: host).count == 1)
    }
    #expect(seen.allWorkers.count > 1)
    pipeline.stop()
}

/// Holds every worker until released, so a test can fill a queue.
private struct GatedAnalyzer: EventAnalyzer {
    let gate: DispatchSemaphore

    mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert]) {
        gate.wait()
        gate.signal()
    }
}

@Test func boundedQueue_blocksSubmitterWhenFull_andLosesNothing() async throws {
    let gate = DispatchSemaphore(value: 0)
    let metrics = MetricsRegistry()
    let pipeline = Pipeline(
        workerCount: 1, queueEvents: 16, makeAnalyzer: { _ in GatedAnalyzer(gate: gate) }, sinks: [], metrics: metrics,
        log: quietLog)
    let submitted = Atomic<Int>(0)

    // The worker holds the first batch at the gate; the queue then fills up to its 16 events.
    let producer = Task.detached {
        for second in 0..<40 {
            pipeline.submit([PipelineFixtures.connection(host: "h", second: Int64(second))], shard: 0)
            submitted.add(1, ordering: .relaxed)
        }
    }
    try await Task.sleep(for: .milliseconds(300))
    let whileBlocked = submitted.load(ordering: .relaxed)
    #expect(whileBlocked < 40)
    #expect(whileBlocked >= 16)
    #expect(metrics.total("wfpwatch_queue_full_waits_total") >= 1)

    gate.signal()
    await producer.value
    pipeline.drain()
    #expect(submitted.load(ordering: .relaxed) == 40)
    #expect(metrics.gauge("wfpwatch_queue_events", ["worker": "0"]).value == 0)
    pipeline.stop()
}

@Test func pipelineMessageSink_countsNonWindowsFramesAndInvalidUTF8_perListener() {
    let metrics = MetricsRegistry()
    let pipeline = Pipeline(
        workerCount: 2, queueEvents: 64, makeAnalyzer: { AlertEveryEventAnalyzer(worker: $0, seen: nil) }, sinks: [],
        metrics: metrics, log: quietLog)
    let factory = pipeline.makeSinkFactory()
    let peer = PeerAddress(address: "127.0.0.1", port: 40_000)
    let sink = factory(peer, ListenerConfiguration(name: "tcp", transport: .tcp))

    let frames: [[UInt8]] = [
        Array("<14>Dec  4 15:30:00 proxy01 app: plain text that is no Windows event".utf8),
        Array("<14>Dec  4 15:30:01 proxy01 app: bad byte ".utf8) + [0xFF],
    ]
    for frame in frames {
        frame.withUnsafeBytes {
            let info = FrameInfo(framing: .lineFeed, originalLength: $0.count)
            sink.receive(frame: $0, info: info, receivedAt: WallClock.now())
        }
    }
    sink.endOfRead()
    sink.close()
    pipeline.drain()

    #expect(metrics.counter("wfpwatch_events_skipped_total", ["reason": "not_windows_event"]).value == 2)
    #expect(metrics.counter("wfpwatch_invalid_utf8_messages_total").value == 1)
    #expect(metrics.total("wfpwatch_events_total") == 0)
    pipeline.stop()
}

@Test func alertDispatcher_callsSinksInOrderAndFlushesAfterEachBatch() {
    let first = RecordingSink()
    let second = RecordingSink()
    let dispatcher = AlertDispatcher(sinks: [first, second], metrics: MetricsRegistry())
    var analyzer = AlertEveryEventAnalyzer(worker: 0, seen: nil)
    var alerts: [Alert] = []
    for second in 0..<3 { analyzer.analyze(PipelineFixtures.connection(host: "h", second: Int64(second)), into: &alerts) }

    dispatcher.submit(alerts)
    dispatcher.submit(Array(alerts.prefix(1)))
    dispatcher.drain()

    #expect(first.alerts.map(\.id) == ["h-0", "h-1", "h-2", "h-0"])
    #expect(second.alerts.map(\.id) == first.alerts.map(\.id))
    #expect(first.flushes == 2)
}
