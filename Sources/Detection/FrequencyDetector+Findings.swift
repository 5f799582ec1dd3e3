import EventDecoding
import WFPCore

extension FrequencyDetector {
    /// Rule ids, stable across releases.
    public static let highFrequencyRule = Techniques.highFrequencyRule
    public static let fanOutRule = Techniques.fanOutRule

    func highFrequencyFinding(_ event: NormalizedEvent, _ connection: Connection, count: Int) -> Finding {
        let target = connection.destinationAddress.endpoint(port: connection.destinationPort)
        let proto = IPProtocol.name(connection.protocolNumber) ?? "proto-\(connection.protocolNumber)"
        let window = Self.seconds(configuration.window)
        return Finding(
            rule: Self.highFrequencyRule, severity: configuration.severity,
            techniques: Techniques.highFrequency(port: connection.destinationPort),
            summary: "\(Self.name(connection)) on \(event.host) made \(count) connections to \(target)/\(proto) "
                + "within \(window)",
            reasons: [
                "\(count) connections to one destination within \(window), threshold "
                    + "\(configuration.connectionsPerWindow)",
                "destination is a \(connection.destinationAddress.scope.rawValue) address",
            ])
    }

    func fanOutFinding(_ event: NormalizedEvent, _ connection: Connection, addresses: Int?, ports: Int?) -> Finding {
        let window = Self.seconds(configuration.fanOutWindow)
        let pid = connection.process.pid.map { " (pid \($0))" } ?? ""
        var reached: [String] = []
        if let addresses { reached.append("\(addresses) distinct destination addresses") }
        if let ports { reached.append("\(ports) distinct destination ports") }

        var reasons = reached.map { "\($0) within \(window), threshold \(configuration.fanOutDestinations)" }
        reasons.append("latest destination \(connection.destinationAddress.endpoint(port: connection.destinationPort))")
        return Finding(
            rule: Self.fanOutRule, severity: configuration.severity,
            techniques: Techniques.fanOut(byAddresses: addresses != nil),
            summary: "\(Self.name(connection))\(pid) on \(event.host) reached \(reached.joined(separator: " and ")) "
                + "within \(window)",
            reasons: reasons)
    }

    private static func name(_ connection: Connection) -> String {
        connection.process.image.isEmpty ? "unknown process" : connection.process.image
    }

    /// `10 s`, `1.5 s`, `6 h`, `7 days`.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.nanosecondsTotal / 1_000_000
        if milliseconds > 0 && milliseconds % 86_400_000 == 0 { return "\(milliseconds / 86_400_000) days" }
        if milliseconds > 0 && milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000) h" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }
}
