import EventDecoding
import Testing
import WFPCore
@testable import Detection

private let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())

/// A 5156 of `image` on `host` to `destination`:`port` at `seconds` past the capture's start.
private func event(
    at seconds: Double, image: String = "powershell.exe", host: String = "WORKSTATION5",
    destination: IPAddress = DetectionFixtures.ipv4(10, 10, 10, 5), port: UInt16 = 80
) -> NormalizedEvent {
    var event = DetectionFixtures.connection(
        image: image, path: "\\windows\\system32\\\(image)", destination: destination, port: port, host: host)
    event.time = Timestamp(secondsSinceEpoch: 1_596_825_129) + .milliseconds(Int64(seconds * 1000))
    return event
}

private func beacons(_ findings: [Finding]) -> [Finding] {
    findings.filter { $0.rule == BeaconDetector.rule }
}

@Test func correlationEngine_returnsRuleFindings_andBeaconFindings() {
    var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    let first = event(at: 0)
    #expect(engine.process(first) == rules.evaluate(first))

    let findings = (1...20).flatMap { engine.process(event(at: Double($0) * 30)) }
    #expect(beacons(findings).count == 2)
    let summary = beacons(findings).first?.summary ?? ""
    #expect(summary.hasPrefix("powershell.exe on WORKSTATION5 called 10.10.10.5:80 8 times"))
    #expect(engine.trackedKeyCount == 1)
}

@Test func correlationEngine_evictsLeastRecentlyUsedKeys_andCountsThem() {
    var configuration = CorrelationConfiguration()
    configuration.maximumTrackedKeys = 3
    var engine = CorrelationEngine(configuration: configuration, rules: rules)
    for port in UInt16(1)...5 { _ = engine.process(event(at: Double(port), port: port)) }
    #expect(engine.trackedKeyCount == 3)
    #expect(engine.evictedKeyCount == 2)
    #expect(engine.expiredKeyCount == 0)
}

@Test func correlationEngine_expiresIdleKeys_byEventTime() {
    var configuration = CorrelationConfiguration()
    configuration.idleExpiry = .seconds(600)
    var engine = CorrelationEngine(configuration: configuration, rules: rules)
    _ = engine.process(event(at: 0, port: 1))
    _ = engine.process(event(at: 300, port: 2))
    _ = engine.process(event(at: 700, port: 3))
    #expect(engine.expiredKeyCount == 1)
    #expect(engine.trackedKeyCount == 2)
}

@Test func correlationEngine_acceptsOutOfOrderWithinTolerance_andCountsLateEvents() {
    var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    // Callbacks every 10 s, each pair swapped: every event is at most 10 s late.
    var times = (0..<24).map { Double($0) * 10 }
    for pair in stride(from: 0, to: times.count - 1, by: 2) { times.swapAt(pair, pair + 1) }
    let findings = times.flatMap { engine.process(event(at: $0)) }
    #expect(beacons(findings).first?.beacon?.period == .seconds(10))
    #expect(engine.lateEventCount == 0)

    _ = engine.process(event(at: 100))
    #expect(engine.lateEventCount == 1)
}

@Test func correlationEngine_givesSameFindings_forSameInput() {
    var generator = BeaconGenerator(seed: 5)
    let times = generator.beacon(periodSeconds: 45, jitter: 0.1, missRate: 0.1, sent: 60)
        .map { Double($0.nanoseconds) / 1e9 }
    let events = times.enumerated().map { event(at: $1, port: UInt16(80 + $0 % 2)) }
    var first = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    var second = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    let findings = events.flatMap { first.process($0) }
    #expect(!beacons(findings).isEmpty)
    #expect(findings == events.flatMap { second.process($0) })
}

@Test func correlationEngine_rollsUpRotatingAddresses_underOneName() {
    var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    let findings = (0..<12).flatMap {
        engine.process(
            event(at: Double($0) * 60, destination: DetectionFixtures.ipv4(203, 0, 113, UInt32($0 + 1)), port: 443),
            destinationName: "c2.example.net")
    }
    #expect(
        beacons(findings).map(\.summary)
            == ["powershell.exe on WORKSTATION5 called c2.example.net 8 times every 1.0 min ± 0 %"])
    #expect(engine.trackedKeyCount == 13)
}

@Test func correlationEngine_keyStateStaysUnder512Bytes() {
    print("bytes per tracked key:", CorrelationEngine.bytesPerTrackedKey, "series", MemoryLayout<BeaconSeries>.stride,
          "key", MemoryLayout<SeriesKey>.stride)
    #expect(CorrelationEngine.bytesPerTrackedKey <= 512)
}
