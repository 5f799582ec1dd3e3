import EventDecoding
import WFPCore

/// The per-event connection rules: a watched process connecting out, a connection to a
/// high-risk port, a connection to an address on a threat-intel list.
///
/// Only outbound connections count, or connections of unknown direction whose destination is
/// not local plumbing (loopback, link-local, multicast, unspecified). Allowed and blocked
/// connections both count; the reasons say which. Each rule alerts only for the destination
/// scopes it is configured for, at its public severity when the destination is public.
public struct ConnectionRules: Sendable {
    /// Rule ids, stable across releases.
    public static let suspiciousProcessRule = "suspicious_process"
    public static let highRiskPortRule = "high_risk_port"
    public static let threatIntelRule = "threat_intel"

    package let configuration: DetectionConfiguration
    package let intel: ThreatIntelSet
    private let images: Set<String>
    private let fragments: PathFragmentList
    /// The scopes each rule fires for, as masks: tested on every connection.
    private let suspiciousProcessScopes: ScopeMask
    private let highRiskPortScopes: ScopeMask
    private let threatIntelScopes: ScopeMask

    public init(configuration: DetectionConfiguration, intel: ThreatIntelSet) {
        self.configuration = configuration
        self.intel = intel
        self.images = Set(configuration.suspiciousProcess.images.map { $0.lowercased() })
        self.fragments = PathFragmentList(
            configuration.suspiciousProcess.pathFragments.map { PathFragment($0.lowercased()) })
        self.suspiciousProcessScopes = ScopeMask(configuration.suspiciousProcess.scopes)
        self.highRiskPortScopes = ScopeMask(configuration.highRiskPort.scopes)
        self.threatIntelScopes = ScopeMask(configuration.threatIntel.scopes)
    }

    /// Every finding the event raises, in rule order; empty for everything but outbound
    /// connections.
    /// `destinationName` is the DNS name the host resolved the destination from, when known;
    /// threat-intel name entries match it.
    public func evaluate(_ event: NormalizedEvent, destinationName: String? = nil) -> [Finding] {
        guard let connection = event.connection else { return [] }
        return evaluate(
            event, connection: connection, scope: connection.destinationAddress.scope, destinationName: destinationName)
    }

    /// `evaluate` with the destination scope given, so the rules can be exercised for any scope.
    package func evaluate(
        _ event: NormalizedEvent, connection: Connection, scope: AddressScope, destinationName: String? = nil
    ) -> [Finding] {
        guard Self.countsAsOutbound(connection.direction, scope: scope) else { return [] }

        // The rules look at the borrowed event; a `Context` (a copy of it) is made only for a hit.
        var findings: [Finding] = []
        if let finding = suspiciousProcess(event, connection, scope) { findings.append(finding) }
        if let finding = highRiskPort(event, connection, scope) { findings.append(finding) }
        if let finding = threatIntel(event, connection, scope, destinationName) { findings.append(finding) }
        return findings
    }

    /// Outbound connections, or connections of unknown direction to a private or public
    /// address; the test every connection detector applies.
    package static func countsAsOutbound(_ direction: Direction, scope: AddressScope) -> Bool {
        switch direction {
        case .outbound: true
        case .inbound: false
        case .unknown: scope == .public || scope == .private
        }
    }

    // MARK: Rules

    private func suspiciousProcess(
        _ event: NormalizedEvent, _ connection: Connection, _ scope: AddressScope
    ) -> Finding? {
        guard configuration.suspiciousProcess.enabled, suspiciousProcessScopes.contains(scope) else { return nil }

        // ProcessRef images are lower-cased by the decoders, so no copy is made here.
        let image = connection.process.image
        let watchedImage = images.contains(image)
        let fragment = fragments.firstMatch(in: connection.process.path)
        guard watchedImage || fragment != nil else { return nil }

        var techniques: [String] = []
        var reasons: [String] = []
        if watchedImage {
            techniques.append(ProcessTechniques.technique(forImage: image))
            reasons.append("\(image) is on the watched process list")
        }
        if let fragment {
            techniques.append(ProcessTechniques.oddFolder)
            reasons.append("process path matches \(fragment.text)")
            if ProcessTechniques.systemImages.contains(image) {
                techniques.append(ProcessTechniques.masquerading)
                reasons.append("\(image) is a Windows binary name outside its home folder")
            }
        }
        let rule = configuration.suspiciousProcess
        let context = Context(event: event, connection: connection, scope: scope, destinationName: nil)
        return context.finding(
            rule: Self.suspiciousProcessRule, severities: (rule.severity, rule.publicSeverity),
            techniques: techniques, reasons: reasons)
    }

    private func highRiskPort(_ event: NormalizedEvent, _ connection: Connection, _ scope: AddressScope) -> Finding? {
        let port = connection.destinationPort
        guard configuration.highRiskPort.enabled, highRiskPortScopes.contains(scope),
            configuration.highRiskPort.ports.contains(port)
        else { return nil }

        let rule = configuration.highRiskPort
        let context = Context(event: event, connection: connection, scope: scope, destinationName: nil)
        return context.finding(
            rule: Self.highRiskPortRule, severities: (rule.severity, rule.publicSeverity),
            techniques: ["T1571"], reasons: ["destination port \(port) is on the high-risk port list"])
    }

    private func threatIntel(
        _ event: NormalizedEvent, _ connection: Connection, _ scope: AddressScope, _ destinationName: String?
    ) -> Finding? {
        guard configuration.threatIntel.enabled, threatIntelScopes.contains(scope) else { return nil }
        let reason: String
        if let file = intel.match(connection.destinationAddress) {
            reason = "destination \(connection.destinationAddress) is listed in threat intel file \(file)"
        } else if let destinationName, let file = intel.match(name: destinationName) {
            reason = "destination name \(destinationName) is listed in threat intel file \(file)"
        } else {
            return nil
        }
        let rule = configuration.threatIntel
        let context = Context(event: event, connection: connection, scope: scope, destinationName: destinationName)
        return context.finding(
            rule: Self.threatIntelRule, severities: (rule.severity, rule.publicSeverity),
            techniques: ["T1071"], reasons: [reason])
    }
}
