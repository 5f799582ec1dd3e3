/// Context about one connection that makes any finding on it more serious: a watched process,
/// an odd port, a threat-intel hit, a destination new to the host or rare in the fleet.
///
/// Every detector's findings go through `raise(_:)`, so one connection gets the same raises
/// whichever rule fired. A context never raises the finding that stands for it (a
/// `suspicious_process` finding is not raised again for its own process).
public struct SeverityContext: Equatable, Sendable {
    public var suspiciousProcess: Bool
    public var oddPort: Bool
    public var intelHit: Bool
    public var rarity: RarityContext?

    public init(
        suspiciousProcess: Bool = false, oddPort: Bool = false, intelHit: Bool = false, rarity: RarityContext? = nil
    ) {
        self.suspiciousProcess = suspiciousProcess
        self.oddPort = oddPort
        self.intelHit = intelHit
        self.rarity = rarity
    }

    /// The context the per-event rules' findings on the same event stand for.
    public init(perEventFindings findings: [Finding], rarity: RarityContext? = nil) {
        self.init(
            suspiciousProcess: findings.contains { $0.rule == ConnectionRules.suspiciousProcessRule },
            oddPort: findings.contains { $0.rule == ConnectionRules.highRiskPortRule },
            intelHit: findings.contains { $0.rule == ConnectionRules.threatIntelRule },
            rarity: rarity)
    }

    /// Raises `finding` one step per context that applies (two for a threat-intel hit), capped
    /// at critical, appending one reason per context that applied.
    public func raise(_ finding: inout Finding) {
        for raise in raises(for: finding.rule) {
            let raised = Severity(rawValue: min(finding.severity.rawValue + raise.steps, Severity.critical.rawValue))!
            if raised > finding.severity {
                finding.reasons.append("severity raised to \(raised.name): \(raise.reason)")
                finding.severity = raised
            } else {
                finding.reasons.append("\(raise.reason) (severity already \(finding.severity.name))")
            }
        }
    }

    /// `raise(_:)` on a copy.
    public func raised(_ finding: Finding) -> Finding {
        var copy = finding
        raise(&copy)
        return copy
    }

    private func raises(for rule: String) -> [(steps: Int, reason: String)] {
        var raises: [(steps: Int, reason: String)] = []
        if intelHit && rule != ConnectionRules.threatIntelRule {
            raises.append((2, "destination is listed in threat intel"))
        }
        if suspiciousProcess && rule != ConnectionRules.suspiciousProcessRule {
            raises.append((1, "the process is on the watched list or runs from an odd folder"))
        }
        if oddPort && rule != ConnectionRules.highRiskPortRule {
            raises.append((1, "destination port is on the high-risk port list"))
        }
        if let rarity, !rarity.learning, rule != Techniques.rareDestinationRule {
            raises.append(contentsOf: Self.raises(for: rarity))
        }
        return raises
    }

    private static func raises(for rarity: RarityContext) -> [(steps: Int, reason: String)] {
        var raises: [(steps: Int, reason: String)] = []
        if rarity.firstForHost {
            raises.append((1, "first connection from this host to the destination"))
        }
        if rarity.firstForFleet {
            raises.append((1, "no other host reached the destination before"))
        } else if rarity.rareForFleet {
            raises.append((1, "only \(rarity.fleetHosts) of \(rarity.fleetSize) hosts reached the destination"))
        }
        return raises
    }
}
