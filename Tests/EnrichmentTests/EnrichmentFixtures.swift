import Foundation
import SyslogParsing
import WFPCore
import EventDecoding
@testable import Enrichment

/// Real captures decoded the way the pipeline decodes them, and hand-built events for the
/// cases the captures do not hold (PID reuse, ends, lifetimes, limits).
enum EnrichmentFixtures {
    static let receivedAt = Timestamp(secondsSinceEpoch: 1_700_000_000)

    static var realDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/real")
    }

    static func realCaptureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: realDirectory.path)
            .filter { $0.hasSuffix(".jsonl") }.sorted()
    }

    /// Every line of a capture that decodes to an event, in file order.
    static func realCaptureEvents(_ name: String) throws -> [NormalizedEvent] {
        let data = try Data(contentsOf: realDirectory.appendingPathComponent(name))
        return data.split(separator: UInt8(ascii: "\n")).compactMap { decode(Array($0)) }
    }

    /// Decodes a whole line as an unstructured syslog message.
    static func decode(_ line: [UInt8]) -> NormalizedEvent? {
        line.withUnsafeBytes { frame in
            let header = SyslogHeader(
                format: .unstructured, priority: 13, hasPriority: false, timestamp: receivedAt,
                timestampSource: .receiver, message: 0..<frame.count)
            let outcome = PayloadDecoder().decode(
                frame: frame, header: header, receivedAt: receivedAt, truncated: false)
            if case .event(let event) = outcome { return event }
            return nil
        }
    }

    static func decode(_ line: String) -> NormalizedEvent? {
        decode(Array(line.utf8))
    }

    /// A table fed every event of a capture, with the contexts its connections got.
    static func replay(_ events: [NormalizedEvent], configuration: HostContextTable.Configuration = .init())
        -> (table: HostContextTable, contexts: [(NormalizedEvent, ConnectionContext)])
    {
        var table = HostContextTable(configuration: configuration)
        var contexts: [(NormalizedEvent, ConnectionContext)] = []
        for event in events {
            if let context = table.observe(event) { contexts.append((event, context)) }
        }
        return (table, contexts)
    }

    // MARK: Hand-built events

    static let host = "WS042.example.test"

    static func time(_ seconds: Int64) -> Timestamp {
        Timestamp(secondsSinceEpoch: 1_600_000_000 + seconds)
    }

    static func event(_ detail: NormalizedEvent.Detail, id: UInt32, at seconds: Int64, host: String = host)
        -> NormalizedEvent
    {
        NormalizedEvent(
            eventID: id, format: .nxlogJSON, host: host, time: time(seconds), timeSource: .event,
            receivedAt: receivedAt, detail: detail)
    }

    static func start(
        pid: UInt32, path: String, parentPID: UInt32? = nil, parentPath: String? = nil, commandLine: String? = nil,
        id: UInt32 = 4688, at seconds: Int64, host: String = host
    ) -> NormalizedEvent {
        let parent = parentPID.map { ProcessRef(pid: $0, image: imageName(parentPath ?? ""), path: parentPath ?? "") }
        let start = ProcessStart(
            process: ProcessRef(pid: pid, image: imageName(path), path: path), commandLine: commandLine,
            parent: parent, user: "alice")
        return event(.processStart(start), id: id, at: seconds, host: host)
    }

    static func end(pid: UInt32, path: String, at seconds: Int64) -> NormalizedEvent {
        event(.processEnd(ProcessEnd(process: ProcessRef(pid: pid, image: imageName(path), path: path), user: nil)),
            id: 4689, at: seconds)
    }

    static func connection(
        pid: UInt32, path: String, to destination: String, port: UInt16 = 443, at seconds: Int64, host: String = host
    ) -> NormalizedEvent {
        let connection = Connection(
            process: ProcessRef(pid: pid, image: imageName(path), path: path), outcome: .allowed, direction: .outbound,
            protocolNumber: 6, sourceAddress: IPAddress("10.1.1.10")!, sourcePort: 50_000,
            destinationAddress: IPAddress(destination)!, destinationPort: port)
        return event(.connection(connection), id: 5156, at: seconds, host: host)
    }

    static func dnsQuery(pid: UInt32, name: String, answers: [String], aliases: [String] = [], at seconds: Int64)
        -> NormalizedEvent
    {
        let query = DNSQuery(
            process: ProcessRef(pid: pid, image: "app.exe", path: #"C:\app.exe"#), queryName: name,
            answers: answers.map { IPAddress($0)! }, aliases: aliases)
        return event(.dnsQuery(query), id: 22, at: seconds)
    }

    private static func imageName(_ path: String) -> String {
        String(path.split(separator: "\\").last ?? "").lowercased()
    }
}
