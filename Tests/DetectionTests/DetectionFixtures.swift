import EventDecoding
import WFPCore

/// Builders for connection events shaped like the OTRF captures (WORKSTATION5, 10.10.10.5).
enum DetectionFixtures {
    static func ipv4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> IPAddress {
        IPAddress(ipv4: a << 24 | b << 16 | c << 8 | d)
    }

    static func connection(
        image: String, path: String, destination: IPAddress, port: UInt16,
        direction: Direction = .outbound, outcome: ConnectionOutcome = .allowed, protocolNumber: UInt8 = 6,
        host: String = "WORKSTATION5"
    ) -> NormalizedEvent {
        let connection = Connection(
            process: ProcessRef(pid: 4242, image: image, path: path), outcome: outcome, direction: direction,
            protocolNumber: protocolNumber, sourceAddress: ipv4(172, 18, 39, 5), sourcePort: 50123,
            destinationAddress: destination, destinationPort: port)
        let time = Timestamp(secondsSinceEpoch: 1_596_825_129, nanoseconds: 583_000_000)
        return NormalizedEvent(
            eventID: outcome == .allowed ? 5156 : 5157, format: .nxlogJSON, host: host, time: time,
            timeSource: .event, receivedAt: time + .milliseconds(40), detail: .connection(connection))
    }

    /// The Empire psinject capture: powershell.exe reaching its listener on 10.10.10.5:80.
    static var psinjectPowerShell: NormalizedEvent {
        connection(
            image: "powershell.exe", path: "\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
            destination: ipv4(10, 10, 10, 5), port: 80)
    }

    /// The Empire SCT launcher capture: regsvr32.exe reaching 10.10.10.5:8444.
    static var regsvr32Launcher: NormalizedEvent {
        connection(
            image: "regsvr32.exe", path: "\\windows\\system32\\regsvr32.exe", destination: ipv4(10, 10, 10, 5),
            port: 8444)
    }

    static var downloadsPayload: NormalizedEvent {
        connection(
            image: "winx64_payload.exe", path: "\\users\\stevie.marie\\downloads\\winx64_payload.exe",
            destination: ipv4(10, 0, 5, 13), port: 8080)
    }
}
