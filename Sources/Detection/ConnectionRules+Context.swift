import EventDecoding
import WFPCore

extension ConnectionRules {
    /// One connection under evaluation, with the text every finding of it shares.
    struct Context {
        let event: NormalizedEvent
        let connection: Connection
        let scope: AddressScope
        let destinationName: String?

        /// Builds a finding with the shared summary and the outcome and scope reasons appended.
        func finding(
            rule: String, severities: (normal: Severity, public: Severity), techniques: [String], reasons: [String]
        ) -> Finding {
            let severity = scope == .public ? severities.public : severities.normal
            return Finding(
                rule: rule, severity: severity, techniques: techniques, summary: summary,
                reasons: reasons + [outcomeReason, scopeReason])
        }

        /// `powershell.exe on WORKSTATION5 connected to 10.10.10.5:80/tcp`; a blocked
        /// connection reads `... tried to connect to ... (blocked)`.
        var summary: String {
            let image = connection.process.image.isEmpty ? "unknown process" : connection.process.image
            let target = connection.destinationAddress.endpoint(port: connection.destinationPort)
            let proto = IPProtocol.name(connection.protocolNumber) ?? "proto-\(connection.protocolNumber)"
            switch connection.outcome {
            case .allowed: return "\(image) on \(event.host) connected to \(target)/\(proto)"
            case .blocked: return "\(image) on \(event.host) tried to connect to \(target)/\(proto) (blocked)"
            }
        }

        private var outcomeReason: String {
            let direction = connection.direction == .outbound ? "outbound" : "direction unknown"
            switch connection.outcome {
            case .allowed: return "connection was allowed (\(direction))"
            case .blocked: return "connection was blocked (\(direction))"
            }
        }

        private var scopeReason: String {
            "destination is a \(scope.rawValue) address"
        }
    }
}
