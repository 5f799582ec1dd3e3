import Alerting
import Detection
import EventDecoding
import Foundation
import Synchronization
import Testing
import WFPCore

@testable import Daemon

/// The example intel (it lists 198.51.100.0/24, where `PipelineFixtures.connection` goes).
private func intelConfiguration() -> WFPWatchConfiguration {
    var configuration = WFPWatchConfiguration()
    configuration.detection.threatIntel.files = [
        TestPaths.packageRoot.appendingPathComponent("config/intel/example.txt").path
    ]
    return configuration
}

private func analyzer(_ parts: RuleAnalyzerParts) throws -> RuleAnalyzer {
    try #require(RuleAnalyzer.factory(parts, metrics: MetricsRegistry())(0) as? RuleAnalyzer)
}

@Test func ruleAnalyzerReconfigure_withNewAllowlist_silencesKeyAndKeepsState() throws {
    let parts = try RuleAnalyzerParts.load(intelConfiguration())
    var analyzer = try analyzer(parts)
    var alerts: [Alert] = []
    analyzer.analyze(PipelineFixtures.connection(host: "ws1", second: 100), into: &alerts)
    #expect(!alerts.isEmpty)
    #expect(analyzer.engine.trackedKeyCount == 1)

    var allowlisted = intelConfiguration()
    allowlisted.correlation.allowlist.entries = [.init(image: "powershell.exe")]
    let next = try RuleAnalyzerParts.load(allowlisted, previous: parts)
    #expect(next.fleet === parts.fleet)
    analyzer.reconfigure(next)
    alerts.removeAll()
    analyzer.analyze(PipelineFixtures.connection(host: "ws1", second: 200, destinationPort: 8080), into: &alerts)

    #expect(alerts.isEmpty)
    #expect(analyzer.engine.allowlistedEventCount == 1)
    #expect(analyzer.engine.trackedKeyCount == 1, "the series of before the reload is kept")
    #expect(analyzer.hosts.statistics.connectionsSeen == 2, "the host memory is kept")
}

@Test func ruleAnalyzerReconfigure_withChangedBeaconSettings_startsEmptyEngine() throws {
    let parts = try RuleAnalyzerParts.load(intelConfiguration())
    var analyzer = try analyzer(parts)
    var alerts: [Alert] = []
    analyzer.analyze(PipelineFixtures.connection(host: "ws1", second: 100), into: &alerts)
    #expect(analyzer.engine.trackedKeyCount == 1)

    var changed = intelConfiguration()
    changed.correlation.beacon.minimumCallbacks = 12
    analyzer.reconfigure(try RuleAnalyzerParts.load(changed, previous: parts))
    #expect(analyzer.engine.trackedKeyCount == 0)
}

@Test func ruleAnalyzerReconfigure_withChangedBeaconSettings_countsAndLogsDroppedKeysOnce() throws {
    let parts = try RuleAnalyzerParts.load(intelConfiguration())
    var first = try analyzer(parts)
    var second = try analyzer(parts)
    var alerts: [Alert] = []
    first.analyze(PipelineFixtures.connection(host: "ws1", second: 100), into: &alerts)
    first.analyze(PipelineFixtures.connection(host: "ws2", second: 100), into: &alerts)
    second.analyze(PipelineFixtures.connection(host: "ws3", second: 100), into: &alerts)

    var changed = intelConfiguration()
    changed.correlation.beacon.minimumCallbacks = 12
    var next = try RuleAnalyzerParts.load(changed, previous: parts)
    #expect(CorrelationReset.resets(from: parts, to: next))
    let metrics = MetricsRegistry()
    let backend = RecordingLogBackend()
    next.correlationReset = CorrelationReset(workerCount: 2, metrics: metrics, log: Log(backend: backend))
    let message = "reload changed correlation settings; detector state reset"

    first.reconfigure(next)
    #expect(backend.values(of: "dropped_keys", message: message).isEmpty, "logged once all workers reset")
    second.reconfigure(next)
    #expect(backend.values(of: "dropped_keys", message: message) == ["3"])
    #expect(metrics.counter(CorrelationReset.resetKeysName).value == 3)
}

@Test func correlationReset_allowlistOnlyChange_doesNotReset() throws {
    let parts = try RuleAnalyzerParts.load(intelConfiguration())
    var allowlisted = intelConfiguration()
    allowlisted.correlation.allowlist.entries = [.init(image: "powershell.exe")]
    #expect(!CorrelationReset.resets(from: parts, to: try RuleAnalyzerParts.load(allowlisted, previous: parts)))
}

@Test func ruleAnalyzerParts_withBadIntelLine_namesFileAndLine() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-intel-\(UUID().uuidString)").path
    try "192.0.2.1\nnot an address!\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var configuration = WFPWatchConfiguration()
    configuration.detection.threatIntel.files = [path]

    #expect {
        _ = try RuleAnalyzerParts.load(configuration)
    } throws: { error in
        let setup = error as? SetupError
        return setup?.file == path && setup?.line == 2 && setup?.exitCode == .dataError
    }
}

/// Tags each alert with how many reloads the analyzer had seen.
private struct GenerationAnalyzer: EventAnalyzer {
    var generation = 0

    mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert]) {
        let finding = Finding(rule: "generation\(generation)", severity: .low, techniques: [], summary: "", reasons: [])
        alerts.append(Alert(id: "\(event.time.secondsSinceEpoch)", finding: finding, event: event, suppressedCount: 0))
    }

    mutating func reconfigure(_ parts: RuleAnalyzerParts) { generation += 1 }
}

@Test func pipelineReconfigure_appliesBetweenEventsQueuedBeforeAndAfter() throws {
    let sink = RecordingSink()
    let pipeline = Pipeline(
        workerCount: 2, queueEvents: 1024, makeAnalyzer: { _ in GenerationAnalyzer() }, sinks: [sink],
        metrics: MetricsRegistry(), log: Log(minimumLevel: .error))
    let parts = try RuleAnalyzerParts.load(WFPWatchConfiguration())
    let shard = pipeline.shard(forHost: "ws1")
    pipeline.submit((0..<50).map { PipelineFixtures.connection(host: "ws1", second: Int64($0)) }, shard: shard)
    pipeline.reconfigure(parts)
    pipeline.submit((50..<100).map { PipelineFixtures.connection(host: "ws1", second: Int64($0)) }, shard: shard)
    pipeline.stop()

    let rules = sink.alerts.map { ($0.event.time.secondsSinceEpoch, $0.finding.rule) }
    #expect(rules.count == 100)
    #expect(rules.allSatisfy { $0.1 == ($0.0 < 50 ? "generation0" : "generation1") })
}
