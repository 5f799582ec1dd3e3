import Alerting
import Detection
import EventDecoding
import Synchronization
import WFPCore

@testable import Daemon

/// Test doubles for the pipeline: events built by hand, an analyzer that alerts on every
/// event, and a sink that records what it was given.
enum PipelineFixtures {
    static func connection(host: String, second: Int64, destinationPort: UInt16 = 443) -> NormalizedEvent {
        let connection = Connection(
            process: ProcessRef(pid: 4, image: "powershell.exe", path: "c:\\windows\\powershell.exe"),
            outcome: .allowed, direction: .outbound, protocolNumber: 6,
            sourceAddress: IPAddress(ipv4: 0x0A00_0001), sourcePort: 50_000,
            destinationAddress: IPAddress(ipv4: 0xC633_6407), destinationPort: destinationPort)
        return NormalizedEvent(
            eventID: 5156, format: .nxlogJSON, host: host, time: Timestamp(secondsSinceEpoch: second),
            timeSource: .event, receivedAt: Timestamp(secondsSinceEpoch: second), detail: .connection(connection))
    }
}

/// Raises one `every_event` alert per event and records which worker saw which host.
struct AlertEveryEventAnalyzer: EventAnalyzer {
    let worker: Int
    let seen: WorkersByHost?

    mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert]) {
        seen?.record(host: event.host, worker: worker)
        let finding = Finding(rule: "every_event", severity: .low, techniques: [], summary: event.host, reasons: [])
        alerts.append(Alert(id: "\(event.host)-\(event.time.secondsSinceEpoch)", finding: finding, event: event,
            suppressedCount: 0))
    }
}

/// Which workers saw each host.
final class WorkersByHost: Sendable {
    private let table = Mutex<[String: Set<Int>]>([:])

    func record(host: String, worker: Int) { table.withLock { _ = $0[host, default: []].insert(worker) } }
    func workers(of host: String) -> Set<Int> { table.withLock { $0[host] ?? [] } }
    var allWorkers: Set<Int> { table.withLock { Set($0.values.flatMap { $0 }) } }
}

/// Records delivered alerts and flushes.
final class RecordingSink: AlertSink {
    private let state = Mutex<(alerts: [Alert], flushes: Int)>(([], 0))

    func deliver(_ alert: Alert) { state.withLock { $0.alerts.append(alert) } }
    func flush() { state.withLock { $0.flushes += 1 } }

    var alerts: [Alert] { state.withLock { $0.alerts } }
    var flushes: Int { state.withLock { $0.flushes } }
}

/// Keeps every log line written, as (message, fields).
final class RecordingLogBackend: LogBackend {
    private let lines = Mutex<[(message: String, fields: [(String, String)])]>([])

    func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        lines.withLock { $0.append((message, fields)) }
    }

    /// The value of `field` in each line logged with `message`.
    func values(of field: String, message: String) -> [String] {
        lines.withLock { $0.filter { $0.message == message }.compactMap { $0.fields.first { $0.0 == field }?.1 } }
    }
}
