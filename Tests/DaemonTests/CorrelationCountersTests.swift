import Alerting
import Detection
import EventDecoding
import Foundation
import Testing
import WFPCore

@testable import Daemon

private let hosts = (0..<6).map { "ws\($0).example.test" }

/// Runs `events` through the serve pipeline's analyzers on two workers and returns the totals.
private func totals(_ configuration: WFPWatchConfiguration, _ events: [NormalizedEvent]) throws -> CorrelationTotals {
    let metrics = MetricsRegistry()
    let pipeline = Pipeline(
        workerCount: 2, queueEvents: 1024, makeAnalyzer: try RuleAnalyzer.factory(configuration, metrics: metrics),
        sinks: [], metrics: metrics, log: Log(minimumLevel: .error))
    for event in events { pipeline.submit([event], shard: pipeline.shard(forHost: event.host)) }
    pipeline.stop()
    return CorrelationTotals(metrics)
}

@Test func ruleAnalyzer_publishesTrackedAndAllowlistedCounts_summedOverWorkers() throws {
    var configuration = WFPWatchConfiguration()
    configuration.correlation.allowlist.entries = [.init(port: 8443)]

    var events: [NormalizedEvent] = []
    for second in 0..<3 {
        for host in hosts {
            events.append(PipelineFixtures.connection(host: host, second: Int64(100 + second)))
            events.append(PipelineFixtures.connection(host: host, second: Int64(100 + second), destinationPort: 8443))
        }
    }
    let counts = try totals(configuration, events)

    // One series per host (port 443); every 8443 connection silenced.
    #expect(counts.trackedKeys == 6)
    #expect(counts.allowlistedEvents == 18)
    #expect(counts.evictedKeys == 0)
}

@Test func ruleAnalyzer_countsEvictedLateAndFutureEvents() throws {
    var configuration = WFPWatchConfiguration()
    configuration.correlation.maximumTrackedKeys = 1

    var events = hosts.map { PipelineFixtures.connection(host: $0, second: 1000) }
    // A second destination for the first host evicts its first series.
    events.append(PipelineFixtures.connection(host: hosts[0], second: 1001, destinationPort: 22))
    // Far behind the host's clock: late.
    events.append(PipelineFixtures.connection(host: hosts[0], second: 100, destinationPort: 22))
    // Dated two days after its receipt: from the future.
    var future = PipelineFixtures.connection(host: hosts[1], second: 1000 + 2 * 86_400)
    future.receivedAt = Timestamp(secondsSinceEpoch: 1000)
    events.append(future)
    let counts = try totals(configuration, events)

    // At most one key per worker; every other series was evicted.
    #expect(counts.trackedKeys == 2)
    #expect(counts.evictedKeys == 7 - 2)
    #expect(counts.lateEvents == 1)
    #expect(counts.futureEvents == 1)
}

@Test func wfpwatch_replayStats_showsCorrelationCounters() throws {
    let capture = TestPaths.realCapture("otrf_empire_psinject_peinjection.jsonl").path
    let result = try ProcessRunner.wfpwatch(["replay", "--config", "config/wfpwatch.yaml", "--stats", capture])
    #expect(result.status == 0)

    let lines = result.error.split(separator: "\n").map(String.init)
    for title in ["evicted keys", "expired keys", "late events", "future events", "allowlisted events"] {
        #expect(lines.contains { $0.hasPrefix(title + ": ") }, "missing \(title)")
    }
    let tracked = try #require(lines.first { $0.hasPrefix("tracked keys: ") })
    #expect((Int(tracked.dropFirst("tracked keys: ".count)) ?? 0) > 0)
}
