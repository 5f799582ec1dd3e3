import Synchronization
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// Appends each alert as one JSON line (`AlertJSON`) to a file or descriptor.
///
/// Lines are buffered and written out when the buffer passes `flushThresholdBytes`, on
/// `flush()` (after each batch) and on `close()`. A failed write is counted in
/// `wfpwatch_sink_failures_total{sink=jsonl}`, logged (rate-limited) and its lines dropped.
public final class JSONLinesSink: AlertSink {
    public let flushThresholdBytes: Int

    private struct State {
        var descriptor: Int32
        var ownsDescriptor: Bool
        /// The file opened by name; nil when writing to a descriptor given at init.
        var path: String?
        var buffer: [UInt8] = []
        /// Alerts in `buffer`.
        var bufferedAlerts = 0
    }

    private let state: Mutex<State>
    private let log: Log?
    private let failures: Counter?
    private let deliveries: Counter?

    /// Writes to an open descriptor; `close()` leaves it open.
    public init(
        fileDescriptor: Int32, flushThresholdBytes: Int = 64 * 1024, log: Log? = nil, metrics: MetricsRegistry? = nil
    ) {
        self.state = Mutex(State(descriptor: fileDescriptor, ownsDescriptor: false))
        self.flushThresholdBytes = flushThresholdBytes
        self.log = log
        self.failures = metrics?.counter("wfpwatch_sink_failures_total", ["sink": "jsonl"])
        self.deliveries = metrics?.counter("wfpwatch_sink_deliveries_total", ["sink": "jsonl"])
    }

    /// Opens `path` for appending, creating it with mode 0640.
    public convenience init(
        path: String, flushThresholdBytes: Int = 64 * 1024, log: Log? = nil, metrics: MetricsRegistry? = nil
    ) throws {
        let descriptor = try Self.openForAppend(path)
        self.init(fileDescriptor: descriptor, flushThresholdBytes: flushThresholdBytes, log: log, metrics: metrics)
        state.withLock { state in
            state.ownsDescriptor = true
            state.path = path
        }
    }

    private static func openForAppend(_ path: String) throws(JSONLinesSinkError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        return descriptor
    }

    /// Writes out what is buffered to the file open now, then opens the path again (creating
    /// it), so after logrotate renamed the file alerts go to a new one at the path. When the
    /// path cannot be opened the old file stays in use and the error is logged.
    public func reopen() {
        flush()
        let result = state.withLock { (state: inout State) -> Result<String, JSONLinesSinkError>? in
            guard let path = state.path, state.descriptor >= 0 else { return nil }
            do throws(JSONLinesSinkError) {
                let descriptor = try Self.openForAppend(path)
                _ = Glibc.close(state.descriptor)
                state.descriptor = descriptor
                return .success(path)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let path): log?.log(.info, "alert file reopened", [("sink", "jsonl"), ("path", path)])
        case .failure(let error):
            failures?.add()
            log?.log(.error, "alert file not reopened; writing on to the old file", [
                ("sink", "jsonl"), ("error", error.description),
            ])
        case nil: break
        }
    }

    deinit {
        close()
    }

    public func deliver(_ alert: Alert) {
        let line = AlertJSON.encode(alert)
        let full = state.withLock { state in
            state.buffer.append(contentsOf: line.utf8)
            state.buffer.append(UInt8(ascii: "\n"))
            state.bufferedAlerts += 1
            return state.buffer.count >= flushThresholdBytes
        }
        if full { flush() }
    }

    public func flush() {
        let (written, failure) = state.withLock { state in
            defer { state.bufferedAlerts = 0 }
            return (state.bufferedAlerts, Self.writeOut(&state))
        }
        guard let failure else {
            deliveries?.add(written)
            return
        }
        failures?.add()
        log?.rateLimited(.error, "alert file write failed; alerts dropped", [("sink", "jsonl"), ("error", failure)])
    }

    /// Writes out what is buffered and closes the descriptor if the sink opened it.
    public func close() {
        flush()
        state.withLock { state in
            if state.ownsDescriptor && state.descriptor >= 0 { _ = Glibc.close(state.descriptor) }
            state.descriptor = -1
        }
    }

    /// Writes the whole buffer, resuming after partial writes and EINTR; returns the error text.
    private static func writeOut(_ state: inout State) -> String? {
        defer { state.buffer.removeAll(keepingCapacity: true) }
        guard !state.buffer.isEmpty else { return nil }
        guard state.descriptor >= 0 else { return "sink is closed" }

        return state.buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(state.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }
}

public enum JSONLinesSinkError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open alert file \(path): \(reason)"
        }
    }
}
