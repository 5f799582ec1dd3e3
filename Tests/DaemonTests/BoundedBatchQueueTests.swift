import EventDecoding
import Testing
import WFPCore

@testable import Daemon

private let silentLog = Log(minimumLevel: .error)

private func queue() -> BoundedBatchQueue {
    let metrics = MetricsRegistry()
    return BoundedBatchQueue(
        capacityEvents: 64, depth: metrics.gauge("test_queue_events"), waits: metrics.counter("test_waits_total"))
}

@Test func boundedBatchQueue_takeInto_handsOverEveryBatchInOrder_andEmptiesTheQueue() {
    let queue = queue()
    queue.put([PipelineFixtures.connection(host: "a", second: 1), PipelineFixtures.connection(host: "b", second: 2)])
    queue.put([PipelineFixtures.connection(host: "c", second: 3)])

    var items: [BoundedBatchQueue.Item] = []
    #expect(queue.take(into: &items))
    let hosts = items.map { item -> [String] in
        guard case .events(let batch) = item else { return [] }
        return batch.map(\.host)
    }
    #expect(hosts == [["a", "b"], ["c"]])
    queue.finished()

    items.removeAll(keepingCapacity: true)
    queue.close()
    #expect(!queue.take(into: &items))
    #expect(items.isEmpty)
}

@Test func boundedBatchQueueItem_takeEvents_leavesAnEmptyBatch_andIgnoresOtherItems() {
    var item = BoundedBatchQueue.Item.events([PipelineFixtures.connection(host: "a", second: 1)])

    let taken = item.takeEvents()
    #expect(taken?.map(\.host) == ["a"])
    guard case .events(let left) = item else {
        Issue.record("item is no longer an events item")
        return
    }
    #expect(left.isEmpty)
}

@Test func pipeline_analyzesMultiEventBatchesWhole_andInOrder() {
    let sink = RecordingSink()
    let pipeline = Pipeline(
        workerCount: 1, queueEvents: 64, makeAnalyzer: { AlertEveryEventAnalyzer(worker: $0, seen: nil) },
        sinks: [sink], metrics: MetricsRegistry(), log: silentLog)

    for first in stride(from: 0, to: 60, by: 6) {
        let batch = (first..<first + 6).map { PipelineFixtures.connection(host: "h\($0 % 3)", second: Int64($0)) }
        pipeline.submit(batch, shard: 0)
    }
    pipeline.drain()

    // Each event reaches the analyzer intact, not as the placeholder it leaves in its batch.
    let alerts = sink.alerts
    #expect(alerts.map(\.event.time.secondsSinceEpoch) == (0..<60).map(Int64.init))
    #expect(alerts.map(\.event.host) == (0..<60).map { "h\($0 % 3)" })
    #expect(alerts.allSatisfy { $0.event.connection?.process.image == "powershell.exe" })
    pipeline.stop()
}
