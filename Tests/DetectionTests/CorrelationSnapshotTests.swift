import EventDecoding
import Testing
import WFPCore
@testable import Detection

private let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())

/// A 5156 of updater.exe on `host` to 203.0.113.7:`port` at `minute` minutes past the start.
private func callback(minute: Int, host: String = "WS7", port: UInt16 = 443) -> NormalizedEvent {
    var event = DetectionFixtures.connection(
        image: "updater.exe", path: "\\tools\\updater.exe", destination: DetectionFixtures.ipv4(203, 0, 113, 7),
        port: port, host: host)
    event.time = Timestamp(secondsSinceEpoch: 1_768_471_200 + Int64(minute) * 60)
    event.receivedAt = event.time
    return event
}

private func beacons(_ engine: inout CorrelationEngine, minutes: Range<Int>, host: String = "WS7") -> [Finding] {
    minutes.flatMap { engine.process(callback(minute: $0, host: host)) }.filter { $0.rule == BeaconDetector.rule }
}

/// `snapshot` through the section encoding and back.
private func encodedAndDecoded(_ snapshot: CorrelationSnapshot) throws -> CorrelationSnapshot {
    var encoder = StateEncoder()
    snapshot.encodeSeries(into: &encoder)
    let bytes = encoder.bytes
    return try bytes.withUnsafeBytes { buffer in
        var decoder = StateDecoder(buffer)
        return CorrelationSnapshot(series: try CorrelationSnapshot.decodeSeries(&decoder, maximumEntries: 100))
    }
}

@Test func correlationEngine_restoredFromSnapshot_alertsOnBeaconStraddlingTheRestore() throws {
    var before = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    #expect(beacons(&before, minutes: 0..<6).isEmpty)
    let saved = try encodedAndDecoded(before.snapshot())
    #expect(saved.series.count == 1)

    var after = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    #expect(after.restore(saved) { _ in true } == 1)
    let found = beacons(&after, minutes: 6..<12)
    #expect(found.count == 1)
    #expect(found.first?.summary.hasPrefix("updater.exe on WS7 called 203.0.113.7:443 8 times") == true)

    var fresh = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    #expect(beacons(&fresh, minutes: 6..<12).isEmpty, "without the snapshot six callbacks stay quiet")
}

@Test func correlationEngine_restore_takesOnlyTheHostsItOwns() throws {
    var before = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    _ = beacons(&before, minutes: 0..<3, host: "WS7")
    _ = beacons(&before, minutes: 0..<3, host: "WS8")
    let saved = before.snapshot()
    #expect(Set(saved.series.map(\.host)) == ["WS7", "WS8"])

    var after = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    // One series and the host's rarity memory.
    #expect(after.restore(saved) { $0 == "WS8" } == 2)
    #expect(after.trackedKeyCount == 1)
    #expect(after.snapshot().series.map(\.host) == ["WS8"])
    #expect(after.snapshot().rarityHosts.map(\.host) == ["WS8"])
}

@Test func correlationEngine_restoredSeries_expireByEventTimeAfterTheRestore() throws {
    var configuration = CorrelationConfiguration()
    configuration.idleExpiry = .seconds(3600)
    var before = CorrelationEngine(configuration: configuration, rules: rules)
    _ = beacons(&before, minutes: 0..<3)

    var after = CorrelationEngine(configuration: configuration, rules: rules)
    after.restore(before.snapshot()) { _ in true }
    _ = after.process(callback(minute: 2 + 61, port: 8443))
    #expect(after.expiredKeyCount == 1)
    #expect(after.trackedKeyCount == 1)
}

@Test func correlationEngine_snapshot_keepsLeastRecentlyUsedOrder() {
    var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
    for (minute, port) in [(0, UInt16(1)), (1, 2), (2, 3), (3, 1)] {
        _ = engine.process(callback(minute: minute, port: port))
    }
    let ports = engine.snapshot().series.map { entry -> UInt16 in
        if case .address(_, let port) = entry.destination { return port }
        return 0
    }
    #expect(ports == [2, 3, 1])
}
