import EventDecoding
import Foundation
import SyslogParsing
import WFPCore
@testable import Detection

/// Connection events with hand-stepped time, and real captures through the real decoder.
enum CorrelationFixtures {
    static let start = Timestamp(secondsSinceEpoch: 1_700_000_000)

    static func event(
        at offset: Duration, host: String = "WORKSTATION5", image: String = "powershell.exe", pid: UInt32 = 4242,
        destination: IPAddress = DetectionFixtures.ipv4(10, 10, 10, 5), port: UInt16 = 80, sourcePort: UInt16 = 50000,
        protocolNumber: UInt8 = 6, direction: Direction = .outbound
    ) -> (NormalizedEvent, Connection) {
        let connection = Connection(
            process: ProcessRef(pid: pid, image: image, path: "\\windows\\system32\\\(image)"), outcome: .allowed,
            direction: direction, protocolNumber: protocolNumber, sourceAddress: DetectionFixtures.ipv4(172, 18, 39, 5),
            sourcePort: sourcePort, destinationAddress: destination, destinationPort: port)
        let time = start + offset
        let event = NormalizedEvent(
            eventID: 5156, format: .nxlogJSON, host: host, time: time, timeSource: .event, receivedAt: time,
            detail: .connection(connection))
        return (event, connection)
    }

    /// The connection events of a capture in /work/shared/data/real, decoded as the daemon does.
    static func realCaptureConnections(_ name: String) throws -> [(NormalizedEvent, Connection)] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/real/\(name)")
        let lines = try Data(contentsOf: url).split(separator: UInt8(ascii: "\n"))
        let receivedAt = Timestamp(secondsSinceEpoch: 1_700_000_000)
        return lines.compactMap { line in
            let outcome = Array(line).withUnsafeBytes { frame in
                let header = SyslogHeader(
                    format: .unstructured, priority: 13, hasPriority: false, timestamp: receivedAt,
                    timestampSource: .receiver, message: 0..<frame.count)
                return PayloadDecoder().decode(frame: frame, header: header, receivedAt: receivedAt, truncated: false)
            }
            guard case .event(let event) = outcome, let connection = event.connection else { return nil }
            return (event, connection)
        }
    }

    static let realCaptures = [
        "otrf_covenant_dcom_executeexcel4macro_blocked.jsonl", "otrf_empire_launcher_sct_regsvr32.jsonl",
        "otrf_empire_psinject_peinjection.jsonl", "otrf_log4shell_java_serialized_object_azure_la.jsonl",
        "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl",
    ]
}
