import Enrichment
import EventDecoding
import Testing
import WFPCore
@testable import Detection

/// A detector stepped through event time by hand, hour by hour from a fixed start.
private struct CountryStream {
    static let start = Timestamp(secondsSinceEpoch: 1_700_000_000)
    static let russia = GeoRecord(countryCode: "RU", countryName: "Russia", asn: 12345, asOrganization: "Example Net")
    static let netherlands = GeoRecord(countryCode: "NL", countryName: "Netherlands", asn: 1136)
    static let germany = GeoRecord(countryCode: "DE", countryName: "Germany")

    var detector: NewCountryDetector

    init(_ configuration: NewCountryConfiguration = NewCountryConfiguration()) {
        detector = NewCountryDetector(configuration: configuration)
    }

    mutating func connect(
        _ image: String, to geo: GeoRecord?, atHour hour: Int64, host: String = "WS01",
        outcome: ConnectionOutcome = .allowed, direction: Direction = .outbound
    ) -> [Finding] {
        var event = DetectionFixtures.connection(
            image: image, path: "c:\\windows\\system32\\\(image)", destination: IPAddress("203.0.113.7")!, port: 443,
            direction: direction, outcome: outcome, host: host)
        event.time = Self.start + .seconds(hour * 3_600)
        return detector.observe(event, connection: event.connection!, geo: geo)
    }
}

@Suite struct NewCountryDetectorTests {
    @Test func newCountryDetector_staysQuiet_duringLearningPeriod() {
        var stream = CountryStream()
        #expect(stream.connect("powershell.exe", to: CountryStream.netherlands, atHour: 0).isEmpty)
        #expect(stream.connect("powershell.exe", to: CountryStream.russia, atHour: 23).isEmpty)
        #expect(stream.connect("chrome.exe", to: CountryStream.germany, atHour: 23).isEmpty)

        // Learnt during the period: no finding afterwards either.
        #expect(stream.connect("powershell.exe", to: CountryStream.russia, atHour: 30).isEmpty)
        #expect(stream.detector.trackedPairs == 3)
    }

    @Test func newCountryDetector_flagsFirstConnection_afterLearningPeriod_once() throws {
        var stream = CountryStream()
        _ = stream.connect("powershell.exe", to: CountryStream.netherlands, atHour: 0)

        let findings = stream.connect("powershell.exe", to: CountryStream.russia, atHour: 25)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.rule == "new_country")
        #expect(finding.severity == .medium)
        #expect(finding.techniques == ["T1071"])
        #expect(finding.summary == "powershell.exe on WS01 reached RU (AS12345 Example Net) for the first time")
        #expect(finding.reasons.contains("no process on WS01 reached RU before"))
        #expect(finding.reasons.first?.contains("Russia (RU)") == true)

        #expect(stream.connect("powershell.exe", to: CountryStream.russia, atHour: 26).isEmpty)
    }

    @Test func newCountryDetector_learnsPerProcessImage() throws {
        var stream = CountryStream()
        _ = stream.connect("chrome.exe", to: CountryStream.russia, atHour: 0)

        let findings = stream.connect("rundll32.exe", to: CountryStream.russia, atHour: 48)
        let finding = try #require(findings.first)
        #expect(finding.rule == "new_country")
        #expect(finding.reasons.contains("other processes on WS01 reached RU before"))
        #expect(stream.connect("chrome.exe", to: CountryStream.russia, atHour: 49).isEmpty)
    }

    @Test func newCountryDetector_learnsEachHostFromItsOwnFirstConnection() {
        var stream = CountryStream()
        _ = stream.connect("powershell.exe", to: CountryStream.netherlands, atHour: 0, host: "WS01")

        // WS02 starts learning when it is first seen, a day after WS01.
        #expect(stream.connect("powershell.exe", to: CountryStream.netherlands, atHour: 24, host: "WS02").isEmpty)
        #expect(stream.connect("powershell.exe", to: CountryStream.russia, atHour: 40, host: "WS02").isEmpty)
        #expect(stream.connect("powershell.exe", to: CountryStream.russia, atHour: 40, host: "WS01").count == 1)
    }

    @Test func newCountryDetector_ignoresInbound_blocked_andUnknownCountries() {
        var stream = CountryStream()
        _ = stream.connect("svchost.exe", to: CountryStream.netherlands, atHour: 0)

        #expect(stream.connect("svchost.exe", to: CountryStream.russia, atHour: 30, direction: .inbound).isEmpty)
        #expect(stream.connect("svchost.exe", to: CountryStream.russia, atHour: 30, outcome: .blocked).isEmpty)
        #expect(stream.connect("svchost.exe", to: nil, atHour: 30).isEmpty)
        #expect(stream.connect("svchost.exe", to: GeoRecord(asn: 1136), atHour: 30).isEmpty)
        // A blocked attempt taught nothing: the first allowed connection is still new.
        #expect(stream.connect("svchost.exe", to: CountryStream.russia, atHour: 31).map(\.rule) == ["new_country"])
    }

    @Test func newCountryDetector_flagsListedCountry_everyTime_evenWhileLearning() throws {
        var configuration = NewCountryConfiguration()
        configuration.listedCountries = ["ru", "KP"]
        var stream = CountryStream(configuration)

        let first = stream.connect("powershell.exe", to: CountryStream.russia, atHour: 0)
        let finding = try #require(first.first)
        #expect(first.count == 1)
        #expect(finding.rule == "listed_country")
        #expect(finding.severity == .high)
        #expect(
            finding.summary
                == "powershell.exe on WS01 connected to 203.0.113.7:443 in RU (AS12345 Example Net), a listed country")
        #expect(finding.reasons == ["Russia (RU) is in the configured country list"])

        #expect(stream.connect("powershell.exe", to: CountryStream.russia, atHour: 1).map(\.rule) == ["listed_country"])
        let blocked = stream.connect("powershell.exe", to: CountryStream.russia, atHour: 2, outcome: .blocked)
        #expect(blocked.first?.summary.contains("was blocked connecting to") == true)
        #expect(stream.connect("powershell.exe", to: CountryStream.netherlands, atHour: 3).isEmpty)
    }

    @Test func newCountryDetector_raisesOnlyListed_whenCountryIsNewAndListed() {
        let configuration = NewCountryConfiguration(listedCountries: ["RU"])
        var stream = CountryStream(configuration)
        _ = stream.connect("powershell.exe", to: CountryStream.netherlands, atHour: 0)

        let findings = stream.connect("powershell.exe", to: CountryStream.russia, atHour: 25)
        #expect(findings.map(\.rule) == ["listed_country"])
        #expect(findings.first?.reasons.last == "first connection of powershell.exe on WS01 to RU")
    }

    @Test func newCountryDetector_isSilent_whenDisabled() {
        var stream = CountryStream(NewCountryConfiguration(enabled: false, listedCountries: ["RU"]))
        _ = stream.connect("powershell.exe", to: CountryStream.netherlands, atHour: 0)
        #expect(stream.connect("powershell.exe", to: CountryStream.russia, atHour: 30).isEmpty)
        #expect(stream.detector.trackedHosts == 0)
    }

    @Test func newCountryDetector_countsHostsOverCap_andStillFlagsListedCountries() {
        var configuration = NewCountryConfiguration(listedCountries: ["RU"], maximumHosts: 2)
        configuration.learningPeriod = .seconds(0)
        var stream = CountryStream(configuration)
        for host in ["WS01", "WS02", "WS03", "WS04"] {
            _ = stream.connect("powershell.exe", to: CountryStream.netherlands, atHour: 0, host: host)
        }

        #expect(stream.detector.trackedHosts == 2)
        #expect(stream.detector.droppedHosts == 2)
        #expect(stream.connect("powershell.exe", to: CountryStream.germany, atHour: 1, host: "WS04").isEmpty)
        #expect(stream.connect("powershell.exe", to: CountryStream.russia, atHour: 1, host: "WS04").count == 1)
    }

    @Test func newCountryDetector_flagsButDoesNotRemember_pairsOverHostCap() {
        var configuration = NewCountryConfiguration()
        configuration.maximumPairsPerHost = 2
        var stream = CountryStream(configuration)
        _ = stream.connect("a.exe", to: CountryStream.netherlands, atHour: 0)
        _ = stream.connect("b.exe", to: CountryStream.netherlands, atHour: 0)

        #expect(stream.connect("a.exe", to: CountryStream.russia, atHour: 30).count == 1)
        #expect(stream.connect("a.exe", to: CountryStream.russia, atHour: 31).count == 1)
        #expect(stream.detector.trackedPairs == 2)
        #expect(stream.detector.droppedPairs == 2)
    }

    @Test func newCountryDetector_stopsTrackingImages_overImageCap() {
        var configuration = NewCountryConfiguration(learningPeriod: .seconds(0))
        configuration.maximumImages = 1
        var stream = CountryStream(configuration)
        _ = stream.connect("a.exe", to: CountryStream.netherlands, atHour: 0)

        #expect(stream.connect("b.exe", to: CountryStream.russia, atHour: 1).isEmpty)
        #expect(stream.detector.untrackedImageConnections == 1)
        #expect(stream.connect("a.exe", to: CountryStream.russia, atHour: 1).count == 1)
    }
}
