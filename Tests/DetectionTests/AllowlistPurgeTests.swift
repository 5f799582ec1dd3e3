import EventDecoding
import Testing
import WFPCore

@testable import Detection

/// A reload's allowlist applied to live state: which tracked keys it covers, and the engine
/// dropping exactly those.
struct AllowlistPurgeTests {
    private static let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())
    private static let c2 = DetectionFixtures.ipv4(10, 10, 10, 5)
    private static let other = DetectionFixtures.ipv4(203, 0, 113, 9)

    private static func allowlist(_ entries: [AllowlistConfiguration.Entry]) -> AllowlistConfiguration {
        var configuration = AllowlistConfiguration()
        configuration.entries = entries
        configuration.includeDefaults = false
        return configuration
    }

    private static func event(image: String, destination: IPAddress, port: UInt16, minute: Int) -> NormalizedEvent {
        var event = DetectionFixtures.connection(
            image: image, path: "\\windows\\system32\\\(image)", destination: destination, port: port)
        event.time = Timestamp(secondsSinceEpoch: 1_596_825_129 + Int64(minute) * 60)
        event.receivedAt = event.time
        return event
    }

    /// powershell.exe to c2:80 named c2.example.net (an address and a name series), rundll32.exe
    /// to other:443 without a name (one address series).
    private static func engineWithThreeSeries() -> CorrelationEngine {
        var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
        for minute in 0..<3 {
            _ = engine.process(
                event(image: "powershell.exe", destination: c2, port: 80, minute: minute),
                destinationName: "c2.example.net")
            _ = engine.process(event(image: "rundll32.exe", destination: other, port: 443, minute: minute))
        }
        return engine
    }

    @Test func allowlist_covers_failsEntriesThatSetAnUnknownPart() {
        let list = Allowlist(configuration: Self.allowlist([
            .init(image: "a.exe"), .init(port: 8443), .init(domainSuffix: "example.net"),
            .init(image: "b.exe", port: 53),
        ]))
        #expect(list.covers(image: "a.exe", destination: nil, name: nil, port: nil))
        #expect(list.covers(image: "x.exe", destination: nil, name: "cdn.example.net", port: nil))
        #expect(list.covers(image: "x.exe", destination: Self.c2, name: nil, port: 8443))
        #expect(list.covers(image: "b.exe", destination: Self.c2, name: nil, port: 53))
        #expect(!list.covers(image: "b.exe", destination: nil, name: "c2.example.org", port: nil))
        #expect(!list.covers(image: "x.exe", destination: Self.c2, name: nil, port: 80))
    }

    @Test func correlationEngine_purgeAllowlistedKeys_dropsEveryKeyOfAnAllowlistedImage() {
        var engine = Self.engineWithThreeSeries()
        #expect(engine.trackedKeyCount == 3)

        engine.reconfigure(rules: Self.rules, allowlist: Self.allowlist([.init(image: "powershell.exe")]))
        let purged = engine.purgeAllowlistedKeys()
        #expect(purged >= 2)
        #expect(engine.purgedKeyCount == purged)
        #expect(engine.trackedKeyCount == 1)
        #expect(engine.purgeAllowlistedKeys() == 0)
    }

    @Test func correlationEngine_purgeAllowlistedKeys_dropsOnlyTheNameSeries_forADomainSuffix() {
        var engine = Self.engineWithThreeSeries()
        engine.reconfigure(rules: Self.rules, allowlist: Self.allowlist([.init(domainSuffix: "example.net")]))
        #expect(engine.purgeAllowlistedKeys() == 1)
        #expect(engine.trackedKeyCount == 2)
    }

    @Test func correlationEngine_purgeAllowlistedKeys_keepsEverything_whenNothingIsCovered() {
        var engine = Self.engineWithThreeSeries()
        engine.reconfigure(rules: Self.rules, allowlist: Self.allowlist([.init(image: "svchost.exe")]))
        #expect(engine.purgeAllowlistedKeys() == 0)
        #expect(engine.trackedKeyCount == 3)
    }
}
