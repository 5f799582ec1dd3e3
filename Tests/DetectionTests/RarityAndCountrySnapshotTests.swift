import Enrichment
import EventDecoding
import Testing
import WFPCore
@testable import Detection

private let start = Timestamp(secondsSinceEpoch: 1_700_000_000)
private let c2 = RareDestinationKey.address(IPAddress("203.0.113.7")!)

private func tracker(_ configuration: RarityConfiguration) -> RareDestinationTracker {
    RareDestinationTracker(configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
}

/// `body`'s bytes read back by `read`.
private func roundTrip<T>(
    _ write: (inout StateEncoder) -> Void, _ read: (inout StateDecoder) throws(StateFileError) -> T
) throws -> T {
    var encoder = StateEncoder()
    write(&encoder)
    let bytes = encoder.bytes
    return try bytes.withUnsafeBytes { buffer in
        var decoder = StateDecoder(buffer)
        return try read(&decoder)
    }
}

@Test func rareDestinationTracker_restored_remembersDestinationsSeenBeforeTheRestart() throws {
    let configuration = RarityConfiguration()
    var before = tracker(configuration)
    #expect(before.observe(host: "WS1", destination: c2, time: start)?.firstForHost == true)
    #expect(before.observe(host: "WS1", destination: .name("cdn.example.net"), time: start + .seconds(3600)) != nil)

    let saved = try roundTrip({
        RareDestinationTracker.encode(before.snapshot(), bucketNanoseconds: before.bucketNanoseconds, into: &$0)
    }, RareDestinationTracker.decode)
    #expect(saved.hosts.first?.ring.joined().count == 2)

    var after = tracker(configuration)
    #expect(after.restore(saved.hosts, bucketNanoseconds: saved.bucketNanoseconds) { _ in true } == 1)
    #expect(after.trackedDestinations == 2)
    #expect(after.observe(host: "WS1", destination: c2, time: start + .seconds(7200))?.firstForHost == false)

    var fresh = tracker(configuration)
    #expect(fresh.observe(host: "WS1", destination: c2, time: start + .seconds(7200))?.firstForHost == true)
}

@Test func rareDestinationTracker_restore_skipsMemoryOfAnotherBucketWidth() {
    let configuration = RarityConfiguration()
    var before = tracker(configuration)
    _ = before.observe(host: "WS1", destination: c2, time: start)

    var after = tracker(configuration)
    #expect(after.restore(before.snapshot(), bucketNanoseconds: before.bucketNanoseconds * 2) { _ in true } == 0)
    #expect(after.trackedHosts == 0)
}

@Test func newCountryDetector_restored_knowsCountriesReachedBeforeTheRestart() throws {
    let russia = GeoRecord(countryCode: "RU", countryName: "Russia")
    func connect(_ detector: inout NewCountryDetector, image: String, hour: Int64) -> [Finding] {
        var event = DetectionFixtures.connection(
            image: image, path: "c:\\tools\\\(image)", destination: IPAddress("203.0.113.7")!, port: 443, host: "WS1")
        event.time = start + .seconds(hour * 3600)
        return detector.observe(event, connection: event.connection!, geo: russia)
    }
    var before = NewCountryDetector(configuration: NewCountryConfiguration())
    #expect(connect(&before, image: "updater.exe", hour: 0).isEmpty, "learning")

    let saved = try roundTrip({ NewCountryDetector.encode(before.snapshot(), into: &$0) }, NewCountryDetector.decode)
    #expect(saved.first?.pairs.map(\.image) == ["updater.exe"])
    #expect(saved.first?.firstSeen == start)

    var after = NewCountryDetector(configuration: NewCountryConfiguration())
    #expect(after.restore(saved) { _ in true } == 1)
    #expect(connect(&after, image: "updater.exe", hour: 48).isEmpty, "known pair")
    #expect(connect(&after, image: "rundll32.exe", hour: 49).map(\.rule) == [NewCountryDetector.newCountryRule])

    var fresh = NewCountryDetector(configuration: NewCountryConfiguration())
    #expect(connect(&fresh, image: "rundll32.exe", hour: 49).isEmpty, "a fresh detector is still learning")
}

@Test func rarityAndCountrySections_refuseTruncation() {
    let configuration = RarityConfiguration()
    var memory = tracker(configuration)
    _ = memory.observe(host: "WS1", destination: c2, time: start)
    var encoder = StateEncoder()
    RareDestinationTracker.encode(memory.snapshot(), bucketNanoseconds: 1, into: &encoder)
    let bytes = encoder.bytes
    for length in 0..<bytes.count {
        let failed = Array(bytes[..<length]).withUnsafeBytes { buffer in
            var decoder = StateDecoder(buffer)
            return (try? RareDestinationTracker.decode(&decoder)) == nil
        }
        #expect(failed, "prefix of \(length) bytes accepted")
    }
}

@Test func fleetPrevalence_restored_knowsWhichHostReachedADestinationFirst() throws {
    let configuration = RarityConfiguration()
    let before = FleetPrevalence(configuration: configuration)
    #expect(before.recordFirstSighting(c2, host: "WS1", time: start).firstForFleet)
    _ = before.recordFirstSighting(.name("cdn.example.net"), host: "WS2", time: start + .seconds(60))

    let saved = try roundTrip({ before.snapshot().encode(into: &$0) }, FleetPrevalence.Snapshot.init(decoding:))
    let after = FleetPrevalence(configuration: configuration)
    #expect(after.restore(saved) == 2)
    #expect(after.hostCount == 2)
    #expect(after.firstSeen == start)
    let answer = after.recordFirstSighting(c2, host: "WS3", time: start + .seconds(120))
    #expect(!answer.firstForFleet)
    #expect(answer.hostsAtOrBefore == 2)
    #expect(answer.fleetSize == 3)

    let fresh = FleetPrevalence(configuration: configuration)
    #expect(fresh.recordFirstSighting(c2, host: "WS3", time: start + .seconds(120)).firstForFleet)
    #expect(after.restore(saved) == 0, "a fleet that already remembers keeps its own memory")
}
