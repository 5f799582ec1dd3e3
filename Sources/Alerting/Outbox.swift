import Synchronization
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// A durable queue of alerts for the webhook sinks: an append-only file of `OutboxEntry` JSON
/// lines, fsync'd before any webhook is tried. An entry leaves the file (by rewriting it to a
/// temporary file and renaming that over it) only once every sink named at open has
/// acknowledged its id; whatever is left at start-up is delivered again, under the same id.
///
/// The file never grows past `OutboxConfiguration.maximumBytes`: when full, either the oldest
/// pending alerts or the new one are dropped, as configured, each drop counted in
/// `wfpwatch_outbox_dropped_total` and logged as an error.
public final class Outbox: Sendable {
    public let configuration: OutboxConfiguration
    /// Entries found in the file at open, oldest first, still to be delivered.
    public let recovered: [OutboxEntry]

    struct Pending {
        var entry: OutboxEntry
        var waiting: Set<String>
    }

    struct State {
        var descriptor: Int32 = -1
        var pending: [String: Pending] = [:]
        /// Ids in file order; ids no longer pending are skipped and dropped at compaction.
        var order: [String] = []
        var fileBytes = 0
        var liveBytes = 0
    }

    let state: Mutex<State>
    let sinkNames: Set<String>
    let log: Log?
    let dropped: Counter?
    let corrupt: Counter?
    let entriesGauge: Gauge?
    let bytesGauge: Gauge?
    let oldestAgeGauge: Gauge?
    let metrics: MetricsRegistry?

    /// Opens (creating) the file and reads back what is pending; corrupt lines are moved to
    /// `path.corrupt`. `sinkNames` are the sinks that must each acknowledge every entry.
    public init(
        configuration: OutboxConfiguration, sinkNames: [String], log: Log? = nil, metrics: MetricsRegistry? = nil
    ) throws(OutboxError) {
        self.configuration = configuration
        self.sinkNames = Set(sinkNames)
        self.log = log
        self.dropped = metrics?.counter("wfpwatch_outbox_dropped_total")
        self.corrupt = metrics?.counter("wfpwatch_outbox_corrupt_lines_total")
        self.entriesGauge = metrics?.gauge("wfpwatch_outbox_entries")
        self.bytesGauge = metrics?.gauge("wfpwatch_outbox_bytes")
        self.oldestAgeGauge = metrics?.gauge("wfpwatch_outbox_oldest_age_seconds")
        self.metrics = metrics

        let lines = try OutboxFile.readLines(configuration.path)
        var initial = State()
        var corruptLines: [String] = []
        for line in lines {
            guard let entry = OutboxEntry(line: line) else { corruptLines.append(line); continue }
            guard initial.pending[entry.id] == nil else { continue }
            initial.pending[entry.id] = Pending(entry: entry, waiting: self.sinkNames)
            initial.order.append(entry.id)
            initial.liveBytes += entry.fileBytes
        }
        self.recovered = initial.order.compactMap { initial.pending[$0]?.entry }
        self.state = Mutex(initial)

        if !corruptLines.isEmpty { try setAside(corruptLines) }
        // Published here too: a restart with pending entries must not read 0 until the next alert.
        try state.withLock { state throws(OutboxError) in
            try compact(&state)
            updateGauges(state)
        }
        if !recovered.isEmpty {
            log?.log(.notice, "outbox holds undelivered alerts; sending again", [
                ("path", configuration.path), ("alerts", String(recovered.count)),
            ])
        }
    }

    deinit {
        close()
    }

    /// Writes `entries` (and fsyncs the file unless `sync` is false: then `sync()` follows);
    /// returns those kept (not dropped for room and not already pending), for the webhooks.
    public func append(_ entries: [OutboxEntry], sync: Bool = true) -> [OutboxEntry] {
        var accepted: [OutboxEntry] = []
        var failure: String?
        state.withLock { state in
            for entry in entries where state.pending[entry.id] == nil {
                guard makeRoom(for: entry, &state) else { continue }
                state.pending[entry.id] = Pending(entry: entry, waiting: sinkNames)
                state.order.append(entry.id)
                state.liveBytes += entry.fileBytes
                let line = Array(entry.json.utf8) + [UInt8(ascii: "\n")]
                failure = failure ?? OutboxFile.writeAll(state.descriptor, line, sync: false)
                state.fileBytes += line.count
                accepted.append(entry)
            }
            if sync && !accepted.isEmpty && failure == nil && fsync(state.descriptor) != 0 {
                failure = String(cString: strerror(errno))
            }
            updateGauges(state)
        }
        if let failure {
            log?.rateLimited(.error, "outbox write failed; alerts not durable", [
                ("path", configuration.path), ("error", failure),
            ])
        }
        return accepted
    }

    /// Makes what `append(_:sync: false)` wrote durable.
    public func sync() {
        let failed = state.withLock { state in state.descriptor >= 0 && fsync(state.descriptor) != 0 }
        if failed {
            log?.rateLimited(.error, "outbox write failed; alerts not durable", [
                ("path", configuration.path), ("error", String(cString: strerror(errno))),
            ])
        }
    }

    /// Records that `sink` has delivered (or dead-lettered, or filtered out) `ids`; entries every
    /// sink has acknowledged are removed, by a rewrite once they make up half the file.
    public func acknowledge(_ ids: [String], sink: String) {
        state.withLock { state in
            for id in ids {
                guard var pending = state.pending[id] else { continue }
                pending.waiting.remove(sink)
                if pending.waiting.isEmpty {
                    state.pending[id] = nil
                    state.liveBytes -= pending.entry.fileBytes
                } else {
                    state.pending[id] = pending
                }
            }
            if state.pending.isEmpty || state.liveBytes * 2 <= state.fileBytes {
                do throws(OutboxError) { try compact(&state) } catch { reportCompactionFailure(error) }
            }
            updateGauges(state)
        }
    }

    /// Entries not yet acknowledged by every sink, oldest first.
    public func pendingEntries() -> [OutboxEntry] {
        state.withLock { state in state.order.compactMap { state.pending[$0]?.entry } }
    }

    /// Ids not yet acknowledged by every sink.
    public func pendingIDs() -> Set<String> {
        state.withLock { Set($0.pending.keys) }
    }

    /// Size of the file as written, in bytes.
    public var fileBytes: Int { state.withLock { $0.fileBytes } }

    public func close() {
        state.withLock { state in
            if state.descriptor >= 0 { _ = Glibc.close(state.descriptor) }
            state.descriptor = -1
        }
    }
}

public enum OutboxError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open outbox \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write outbox \(path): \(reason)"
        }
    }
}
