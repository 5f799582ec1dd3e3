import Foundation
import SyslogParsing
import Testing
import WFPCore
@testable import Detection
@testable import EventDecoding

/// The real OTRF captures replayed through the real decoder and the engine.
private enum Capture {
    static let receivedAt = Timestamp(secondsSinceEpoch: 1_700_000_000)

    static func events(_ name: String) throws -> [NormalizedEvent] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/real/\(name)")
        let data = try Data(contentsOf: url)
        return data.split(separator: UInt8(ascii: "\n")).compactMap { decode(Array($0)) }
    }

    /// Decodes a whole line as an unstructured syslog message, as the pipeline would.
    private static func decode(_ line: [UInt8]) -> NormalizedEvent? {
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

    static func beaconFindings(_ name: String) throws -> [Finding] {
        let configuration = CorrelationConfiguration()
        var engine = CorrelationEngine(
            configuration: configuration,
            rules: ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet()))
        return try events(name).flatMap { engine.process($0) }.filter { $0.rule == BeaconDetector.rule }
    }
}

@Test func correlationEngine_flagsEmpireAgents_inPsinjectCapture() throws {
    let findings = try Capture.beaconFindings("otrf_empire_psinject_peinjection.jsonl")
    for finding in findings { print("psinject:", finding.severity.name, finding.summary, finding.reasons) }

    for image in ["powershell.exe", "notepad.exe"] {
        let flagged = findings.filter {
            $0.summary.hasPrefix("\(image) on WORKSTATION5") && $0.summary.contains("10.10.10.5:80 ")
        }
        #expect(!flagged.isEmpty, "\(image) → 10.10.10.5:80 not flagged")
        for finding in flagged {
            let seconds = Double(finding.beacon?.period.nanosecondsTotal ?? 0) / 1e9
            #expect(seconds >= 4.5 && seconds <= 5.5, "\(image) period \(seconds) s")
        }
    }
    let agents = findings.filter { $0.summary.contains("168.63.129.16") || $0.summary.contains("169.254.169.254") }
    #expect(agents.allSatisfy { $0.severity <= .low && $0.reasons.contains { $0.contains("severity kept low") } })
}

// Only 8 callbacks are timed from 5156 here (7 intervals of 5-6 s at 1 s resolution); the
// statistic's resolution floor keeps the rounding from reading as jitter.
@Test func correlationEngine_flagsEmpireAgent_inRegsvr32Capture() throws {
    let findings = try Capture.beaconFindings("otrf_empire_launcher_sct_regsvr32.jsonl")
    for finding in findings { print("regsvr32:", finding.severity.name, finding.summary, finding.reasons) }

    let flagged = findings.filter {
        $0.summary.hasPrefix("powershell.exe on WORKSTATION5") && $0.summary.contains("10.10.10.5:80 ")
    }
    #expect(!flagged.isEmpty)
    #expect(flagged.allSatisfy { abs(Double($0.beacon?.period.nanosecondsTotal ?? 0) / 1e9 - 5) <= 0.5 })
    let agents = findings.filter { $0.summary.contains("168.63.129.16") || $0.summary.contains("169.254.169.254") }
    #expect(agents.allSatisfy { $0.severity <= .low && $0.reasons.contains { $0.contains("severity kept low") } })
}
