import Alerting
import Foundation
import Testing
import WFPCore

@testable import Daemon

/// A pipeline of `workers` rule analyzers over the default configuration, restoring `state`.
private func rulePipeline(workers: Int, metrics: MetricsRegistry, restoring state: SavedState? = nil) throws
    -> Pipeline
{
    let parts = try RuleAnalyzerParts.load(WFPWatchConfiguration(), log: Log(minimumLevel: .error))
    let restore = state.map {
        StateRestore(state: $0, workerCount: workers, restoredKeys: metrics.counter("restored"))
    }
    return Pipeline(
        workerCount: workers, queueEvents: 1024,
        makeAnalyzer: RuleAnalyzer.factory(parts, metrics: metrics, restoring: restore), sinks: [],
        metrics: metrics, log: Log(minimumLevel: .error))
}

/// One connection per host, each to its own port, so every host holds one beacon series.
private func submitOneSeriesPerHost(_ pipeline: Pipeline, hosts: [String]) {
    for (index, host) in hosts.enumerated() {
        let event = PipelineFixtures.connection(host: host, second: 1_000, destinationPort: UInt16(1000 + index))
        pipeline.submit([event], shard: pipeline.shard(forHost: host))
    }
}

private let hosts = (0..<10).map { "host\($0).example.test" }

@Test func pipeline_collectsEveryWorkersState_afterTheEventsQueuedBefore() throws {
    let pipeline = try rulePipeline(workers: 3, metrics: MetricsRegistry())
    submitOneSeriesPerHost(pipeline, hosts: hosts)
    let state = try #require(pipeline.collectState(seconds: 10))
    pipeline.stop()

    #expect(Set(state.correlation.series.map(\.host)) == Set(hosts))
    #expect(state.fleet != nil, "one worker saves the shared fleet memory")
    #expect(pipeline.collectState(seconds: 1) == nil, "stopped workers answer nothing")
}

@Test func pipeline_restoresEachHostOnTheWorkerThatOwnsItNow() throws {
    let saving = try rulePipeline(workers: 2, metrics: MetricsRegistry())
    submitOneSeriesPerHost(saving, hosts: hosts)
    let state = try #require(saving.collectState(seconds: 10))
    saving.stop()

    let metrics = MetricsRegistry()
    let reread = try StateFile.decode(StateFile.encode(state))
    let restored = try rulePipeline(workers: 5, metrics: metrics, restoring: reread)
    let again = try #require(restored.collectState(seconds: 10))
    restored.stop()

    #expect(Set(again.correlation.series.map(\.host)) == Set(hosts))
    #expect(again.correlation.series.count == hosts.count, "each host restored once, on one worker")
    #expect(metrics.total("restored") >= hosts.count)
    #expect(metrics.total("restored") == reread.keyCount, "the restore log line and the counter agree")
    #expect((reread.fleet?.destinations.count ?? 0) > 0)
}

@Test func stateKeeper_savesOnTheInterval_andOnStop() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-saving-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var configuration = WFPWatchConfiguration.StateConfiguration()
    configuration.directory = folder.path
    configuration.saveInterval = .seconds(1)
    let metrics = MetricsRegistry()
    let keeper = StateKeeper(configuration: configuration, metrics: metrics, log: Log(minimumLevel: .error))
    let pipeline = try rulePipeline(workers: 2, metrics: metrics)

    keeper.startSaving(pipeline: pipeline)
    submitOneSeriesPerHost(pipeline, hosts: Array(hosts.prefix(4)))
    let deadline = Date().addingTimeInterval(10)
    while metrics.total("wfpwatch_state_saves_total") == 0 && Date() < deadline { usleep(50_000) }
    #expect(metrics.total("wfpwatch_state_saves_total") >= 1)

    submitOneSeriesPerHost(pipeline, hosts: hosts)
    keeper.saveOnStop(pipeline: pipeline)
    pipeline.stop()
    let saves = metrics.total("wfpwatch_state_saves_total")
    usleep(1_500_000)
    #expect(metrics.total("wfpwatch_state_saves_total") == saves, "no save after the stop")
    #expect(metrics.total("wfpwatch_state_save_failures_total") == 0)

    let saved = try #require(keeper.load())
    #expect(saved.correlation.series.count == hosts.count)
    #expect(metrics.gauge("wfpwatch_state_last_save_bytes").value > 0)
}

@Test func stateKeeper_countsAFailedSave_andKeepsRunning() throws {
    // A folder under a regular file can never be made, even by root.
    let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-blocker-\(UUID().uuidString)")
    try Data("a file".utf8).write(to: blocker)
    defer { try? FileManager.default.removeItem(at: blocker) }
    var configuration = WFPWatchConfiguration.StateConfiguration()
    configuration.directory = blocker.path + "/state"
    let metrics = MetricsRegistry()
    let keeper = StateKeeper(configuration: configuration, metrics: metrics, log: Log(minimumLevel: .error))
    let pipeline = try rulePipeline(workers: 1, metrics: metrics)
    keeper.saveOnStop(pipeline: pipeline)
    pipeline.stop()

    #expect(metrics.total("wfpwatch_state_save_failures_total") == 1)
    #expect(metrics.total("wfpwatch_state_saves_total") == 0)
}
