import Detection
import EventDecoding
import WFPCore

@testable import Alerting

/// Events and findings shaped like the OTRF psinject capture.
enum AlertingFixtures {
    static let baseSeconds: Int64 = 1_596_825_129

    static func event(
        host: String = "WORKSTATION5", image: String = "powershell.exe", destination: UInt32 = 0x0A0A_0A05,
        port: UInt16 = 80, atSecond offset: Int64 = 0, relay: String? = nil
    ) -> NormalizedEvent {
        let connection = Connection(
            process: ProcessRef(
                pid: 7048, image: image, path: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\\(image)"),
            outcome: .allowed, direction: .outbound, protocolNumber: 6, sourceAddress: IPAddress(ipv4: 0xAC12_2705),
            sourcePort: 50123, destinationAddress: IPAddress(ipv4: destination), destinationPort: port)
        let time = Timestamp(secondsSinceEpoch: baseSeconds + offset, nanoseconds: 583_000_000)
        return NormalizedEvent(
            eventID: 5156, format: .nxlogJSON, host: host, relay: relay, time: time, timeSource: .event,
            receivedAt: time + .milliseconds(120), detail: .connection(connection))
    }

    static func finding(
        rule: String = "suspicious_process", severity: Severity = .medium,
        summary: String = "powershell.exe on WORKSTATION5 connected to 10.10.10.5:80/tcp"
    ) -> Finding {
        Finding(
            rule: rule, severity: severity, techniques: ["T1059.001"], summary: summary,
            reasons: ["powershell.exe is on the watched process list", "connection was allowed (outbound)"])
    }

    static func alert(event: NormalizedEvent = event(), finding: Finding = finding(), suppressed: Int = 0) -> Alert {
        Alert(
            id: AlertID.make(rule: finding.rule, event: event), finding: finding, event: event,
            suppressedCount: suppressed)
    }
}
