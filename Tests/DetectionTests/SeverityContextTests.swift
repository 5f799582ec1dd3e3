import Testing

@testable import Detection

struct SeverityContextTests {
    private func finding(_ rule: String = "beaconing", _ severity: Severity = .medium) -> Finding {
        Finding(rule: rule, severity: severity, techniques: ["T1071"], summary: "s", reasons: ["base"])
    }

    private static let rareEverywhere = RarityContext(
        firstForHost: true, firstForFleet: true, fleetHosts: 1, fleetSize: 30, fleetShare: 1.0 / 30, rareForFleet: true,
        learning: false)

    @Test func severityContext_raisesOneStepPerContext_withAReasonEach() {
        let raised = SeverityContext(suspiciousProcess: true).raised(finding("beaconing", .low))
        #expect(raised.severity == .medium)
        #expect(
            raised.reasons == [
                "base", "severity raised to medium: the process is on the watched list or runs from an odd folder",
            ])

        let rare = SeverityContext(rarity: Self.rareEverywhere).raised(finding("beaconing", .low))
        #expect(rare.severity == .high)
        #expect(
            rare.reasons.dropFirst() == [
                "severity raised to medium: first connection from this host to the destination",
                "severity raised to high: no other host reached the destination before",
            ])
    }

    @Test func severityContext_capsAtCritical_andStillSaysWhy() {
        let context = SeverityContext(
            suspiciousProcess: true, oddPort: true, intelHit: true, rarity: Self.rareEverywhere)
        let raised = context.raised(finding("beaconing", .medium))
        #expect(raised.severity == .critical)
        #expect(raised.reasons.count == 6)
        #expect(raised.reasons.last == "no other host reached the destination before (severity already critical)")
    }

    @Test func severityContext_doesNotRaiseAFindingByItsOwnContext() {
        let context = SeverityContext(suspiciousProcess: true, oddPort: true)
        let raised = context.raised(finding("suspicious_process", .medium))
        #expect(raised.severity == .high)
        #expect(raised.reasons.last == "severity raised to high: destination port is on the high-risk port list")
    }

    @Test func severityContext_ignoresRarityWhileLearning() {
        var learning = Self.rareEverywhere
        learning.learning = true
        let raised = SeverityContext(rarity: learning).raised(finding("beaconing", .medium))
        #expect(raised == finding("beaconing", .medium))
    }

    @Test func severityContext_fromPerEventFindings() {
        let perEvent = [
            Finding(rule: "suspicious_process", severity: .high, techniques: [], summary: "", reasons: []),
            Finding(rule: "threat_intel", severity: .critical, techniques: [], summary: "", reasons: []),
        ]
        let context = SeverityContext(perEventFindings: perEvent)
        #expect(context == SeverityContext(suspiciousProcess: true, oddPort: false, intelHit: true))
        #expect(context.raised(finding("high_frequency", .low)).severity == .critical)
    }

    @Test func techniques_tableCoversEveryStatefulRule() {
        #expect(Set(Techniques.table.keys) == ["high_frequency", "fan_out", "rare_destination"])
        #expect(Techniques.highFrequency(port: 53) == ["T1071.004"])
        #expect(Techniques.highFrequency(port: 3389) == ["T1110"])
    }
}
