import CSystemd
import Dispatch
import Synchronization
import WFPCore

/// systemd's watchdog, fed only while the pipeline moves.
///
/// Every `checkInterval` (half of `WatchdogSec`) it looks whether each detection worker took
/// the empty heartbeat batch queued at the previous check, and whether the alert dispatcher
/// ran the heartbeat block queued then. When all answered it sends WATCHDOG=1 and queues new
/// heartbeats. When one did not, a part has been stuck for a whole check interval: it logs an
/// error naming the part, sends nothing, and systemd restarts the service once `WatchdogSec`
/// has passed without a ping. A part that answers again resumes the pings.
///
/// The listeners' threads are not checked: they block in the kernel for as long as senders are
/// quiet, so silence there proves nothing.
package final class Watchdog: Sendable {
    package static let stallsName = "wfpwatch_watchdog_stalls_total"
    package let checkInterval: Duration
    private let pipeline: Pipeline
    private let log: Log
    private let stalls: Counter
    private let notify: @Sendable (String) -> Void
    private let queue = DispatchQueue(label: "wfpwatch.watchdog")
    private let state = Mutex(Heartbeats())
    private let dispatcherAnswered = Atomic<Int>(0)
    /// Set once by `start()`. The timer's handler holds the watchdog, and the watchdog the
    /// timer, so both live as long as the process.
    private nonisolated(unsafe) var timer: (any DispatchSourceTimer)?

    private struct Heartbeats {
        /// The ticket of each worker's outstanding heartbeat batch; nil before the first check.
        var workerTickets: [Int?]
        var dispatcherIssued = 0
        /// The parts reported stuck, so that a stall is logged once, not at every check.
        var reportedStuck: [String] = []

        init(workerCount: Int = 0) { workerTickets = Array(repeating: nil, count: workerCount) }
    }

    package init(
        pipeline: Pipeline, watchdogInterval: Duration, metrics: MetricsRegistry, log: Log,
        notify: @escaping @Sendable (String) -> Void = { SystemdNotifier.notify($0) }
    ) {
        self.pipeline = pipeline
        self.checkInterval = watchdogInterval / 2
        self.log = log
        self.stalls = metrics.counter(Self.stallsName)
        self.notify = notify
        state.withLock { $0 = Heartbeats(workerCount: pipeline.workerCount) }
    }

    /// `WATCHDOG_USEC` when systemd asks this process for pings (`sd_watchdog_enabled`), else nil.
    package static func intervalFromEnvironment() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds))
    }

    /// Checks at once and then every `checkInterval`, on a queue of its own.
    package func start() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let nanoseconds = Int(clamping: checkInterval.nanosecondsTotal)
        timer.schedule(deadline: .now(), repeating: .nanoseconds(nanoseconds), leeway: .milliseconds(10))
        timer.setEventHandler { [self] in _ = check() }
        timer.resume()
        self.timer = timer
        log.log(.info, "watchdog enabled", [("check_interval_ms", String(nanoseconds / 1_000_000))])
    }

    /// One check: true when every part answered and WATCHDOG=1 was sent.
    @discardableResult
    package func check() -> Bool {
        let (stuck, newlyStuck, recovered) = state.withLock { heartbeats in
            let stuck = unanswered(heartbeats)
            let newlyStuck = stuck.filter { !heartbeats.reportedStuck.contains($0) }
            let recovered = !heartbeats.reportedStuck.isEmpty && stuck.isEmpty
            heartbeats.reportedStuck = stuck
            queueHeartbeats(&heartbeats)
            return (stuck, newlyStuck, recovered)
        }

        guard stuck.isEmpty else {
            stalls.add()
            if !newlyStuck.isEmpty {
                log.log(.error, "pipeline stuck, watchdog pings withheld", [
                    ("stuck", stuck.joined(separator: ",")), ("check_interval_ms", String(checkIntervalMilliseconds)),
                ])
            }
            return false
        }
        if recovered { log.log(.notice, "pipeline moves again, watchdog pings resumed", []) }
        notify("WATCHDOG=1")
        return true
    }

    /// The parts whose last heartbeat is still unanswered: `worker-0`, `alert-dispatcher`.
    private func unanswered(_ heartbeats: Heartbeats) -> [String] {
        var stuck: [String] = []
        for (index, ticket) in heartbeats.workerTickets.enumerated() {
            if let ticket, !pipeline.workers[index].queue.hasTaken(ticket) { stuck.append("worker-\(index)") }
        }
        if dispatcherAnswered.load(ordering: .acquiring) < heartbeats.dispatcherIssued {
            stuck.append("alert-dispatcher")
        }
        return stuck
    }

    /// A new heartbeat for each part that answered its last one.
    private func queueHeartbeats(_ heartbeats: inout Heartbeats) {
        for (index, ticket) in heartbeats.workerTickets.enumerated() {
            let queue = pipeline.workers[index].queue
            if ticket.map(queue.hasTaken) ?? true { heartbeats.workerTickets[index] = queue.queueHeartbeat() }
        }
        if dispatcherAnswered.load(ordering: .acquiring) >= heartbeats.dispatcherIssued {
            heartbeats.dispatcherIssued += 1
            let issued = heartbeats.dispatcherIssued
            pipeline.alerts.heartbeat { [self] in dispatcherAnswered.store(issued, ordering: .releasing) }
        }
    }

    private var checkIntervalMilliseconds: Int64 { checkInterval.nanosecondsTotal / 1_000_000 }
}

extension Watchdog {
    /// Starts a watchdog when systemd asks for one (`WATCHDOG_USEC`), else returns nil.
    @discardableResult
    package static func startIfRequested(pipeline: Pipeline, metrics: MetricsRegistry, log: Log) -> Watchdog? {
        // The stall counter is exported (at zero) with or without a watchdog, as documented.
        _ = metrics.counter(stallsName)
        guard let interval = intervalFromEnvironment() else { return nil }
        let watchdog = Watchdog(pipeline: pipeline, watchdogInterval: interval, metrics: metrics, log: log)
        watchdog.start()
        return watchdog
    }
}
