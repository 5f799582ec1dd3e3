import Alerting
import Detection
import EventDecoding
import Receiving
import SyslogParsing
import WFPCore

/// Events from every listener to every alert sink.
///
/// Receiving threads parse and decode frames themselves (see `PipelineMessageSink`) and hand
/// events, batched per read, to one of `workerCount` detection workers chosen by the event's
/// host, so all events of a host meet the same detector state in arrival order. Each worker
/// has a bounded queue; when it is full the receiving thread waits. Alerts of all workers go
/// through one `AlertDispatcher` to the sinks.
package final class Pipeline: Sendable {
    package let workers: [DetectionWorker]
    package let alerts: AlertDispatcher
    package let counters: PipelineCounters
    package let metrics: MetricsRegistry
    package let log: Log

    package init(
        workerCount: Int, queueEvents: Int, makeAnalyzer: @escaping EventAnalyzerFactory, sinks: [any AlertSink],
        metrics: MetricsRegistry, log: Log
    ) {
        self.metrics = metrics
        self.log = log
        self.counters = PipelineCounters(metrics: metrics)
        self.alerts = AlertDispatcher(sinks: sinks, metrics: metrics)
        self.workers = (0..<max(1, workerCount)).map {
            DetectionWorker(index: $0, capacityEvents: queueEvents, metrics: metrics)
        }
        for worker in workers { worker.start(makeAnalyzer: makeAnalyzer, alerts: alerts) }
    }

    package var workerCount: Int { workers.count }

    package func shard(forHost host: String) -> Int {
        HostShard.index(forHost: host, shardCount: workers.count)
    }

    /// Hands `batch` (events of hosts that all shard to `shard`) to that worker, waiting while
    /// its queue is full.
    package func submit(_ batch: consuming [NormalizedEvent], shard: Int) {
        guard !batch.isEmpty else { return }
        workers[shard].queue.put(consume batch)
    }

    /// Has every worker rebuild its analyzer from `parts` once it has analysed the events
    /// queued before this call; events queued after it meet the new configuration.
    package func reconfigure(_ parts: RuleAnalyzerParts) {
        for worker in workers { worker.queue.putReconfigure(parts) }
    }

    /// Applies a reloaded allowlist to live state (see `AllowlistApplication`), behind the
    /// reconfiguration queued before this call.
    package func applyAllowlist(_ allowlist: AllowlistConfiguration) {
        let application = AllowlistApplication(
            allowlist: allowlist, workerCount: workers.count, metrics: metrics, log: log)
        for worker in workers { worker.queue.putAllowlist(application) }
    }

    /// Waits until every event submitted so far has been analysed and every resulting alert
    /// delivered to the sinks and flushed.
    package func drain() {
        for worker in workers { worker.queue.waitUntilIdle() }
        alerts.drain()
    }

    /// Drains, stops the workers and flushes the sinks. Submissions after this are dropped.
    package func stop() {
        drain()
        for worker in workers { worker.stop() }
        alerts.flush()
    }

    /// The factory listeners call for each connection (TCP) or socket (UDP).
    package func makeSinkFactory() -> MessageSinkFactory {
        { peer, listener in self.makeSink(source: peer.description, listener: listener) }
    }

    /// A sink for frames from `source` (a peer, or a replayed file's name) read as `listener`
    /// would read them.
    package func makeSink(source: String, listener: ListenerConfiguration) -> PipelineMessageSink {
        let processor = FrameProcessor(
            listenerName: listener.name, source: source,
            parser: SyslogParser(timeZoneOffsetSeconds: listener.timeZoneOffsetSeconds),
            decoder: PayloadDecoder(options: DecoderOptions(timeZoneOffsetSeconds: listener.timeZoneOffsetSeconds)),
            counters: counters, log: log)
        return PipelineMessageSink(processor: processor, pipeline: self)
    }
}
