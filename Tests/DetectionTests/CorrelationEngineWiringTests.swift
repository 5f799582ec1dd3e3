import EventDecoding
import Testing
import WFPCore

@testable import Detection

private typealias F = DetectionFixtures

/// The engine runs the allowlist first, then the per-event rules and every stateful detector,
/// and lets per-event context raise the stateful findings.
@Suite struct CorrelationEngineWiringTests {
    let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())

    func event(_ base: NormalizedEvent, at seconds: Double, sourcePort: UInt16 = 50123) -> NormalizedEvent {
        var event = base
        event.time = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + Int64(seconds * 1e9))
        event.receivedAt = event.time + .seconds(1)
        if case .connection(var connection) = event.detail {
            connection.sourcePort = sourcePort
            event.detail = .connection(connection)
        }
        return event
    }

    @Test func correlationEngine_dropsAllowlistedConnections_beforeAnyRule() {
        var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
        // The Azure guest agent polling the wire server is on the shipped allowlist; even a
        // high-risk port rule would otherwise not see it, but count that it was silenced.
        let agent = F.connection(
            image: "windowsazureguestagent.exe", path: "\\windowsazure\\guestagent\\windowsazureguestagent.exe",
            destination: IPAddress("168.63.129.16")!, port: 4444)
        #expect(engine.process(agent).isEmpty)
        #expect(engine.allowlistedEventCount == 1)

        var open = CorrelationConfiguration()
        open.allowlist.includeDefaults = false
        var unlisted = CorrelationEngine(configuration: open, rules: rules)
        #expect(unlisted.process(agent).map(\.rule) == [ConnectionRules.highRiskPortRule])
    }

    @Test func correlationEngine_raisesHighFrequency_atTheCrossingEvent() {
        var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
        let base = F.connection(
            image: "updater.exe", path: "\\program files\\vendor\\updater.exe", destination: F.ipv4(10, 1, 2, 3),
            port: 8080)
        var crossings: [Int] = []
        for index in 0..<150 {
            let findings = engine.process(event(base, at: Double(index) * 0.05, sourcePort: UInt16(40000 + index)))
            if findings.contains(where: { $0.rule == "high_frequency" }) { crossings.append(index) }
        }
        #expect(crossings == [99])
    }

    @Test func correlationEngine_raisesBeaconSeverity_whenTheProcessIsSuspicious() throws {
        var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
        var beacons: [Finding] = []
        for callback in 0..<30 {
            let findings = engine.process(event(F.psinjectPowerShell, at: Double(callback) * 60))
            beacons += findings.filter { $0.rule == "beaconing" }
        }
        let first = try #require(beacons.first)
        let raise = try #require(first.reasons.first { $0.hasPrefix("severity raised to") })
        #expect(raise.hasPrefix("severity raised to \(first.severity.name)"))
    }

    @Test func correlationEngine_ignoresForTiming_anEventDatedFarAheadOfItsReceipt() {
        var config = CorrelationConfiguration()
        config.idleExpiry = .seconds(3600)
        var engine = CorrelationEngine(configuration: config, rules: rules)
        var base = F.connection(
            image: "updater.exe", path: "\\program files\\vendor\\updater.exe", destination: F.ipv4(10, 1, 2, 3),
            port: 8080)
        _ = engine.process(event(base, at: 0))
        #expect(engine.trackedKeyCount > 0)

        var forged = event(base, at: 80 * 365 * 86_400)
        forged.receivedAt = base.receivedAt + .seconds(60)
        _ = engine.process(forged)
        #expect(engine.futureEventCount == 1)
        #expect(engine.expiredKeyCount == 0)
        #expect(engine.trackedKeyCount > 0)
    }
}
