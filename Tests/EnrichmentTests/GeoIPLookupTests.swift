import Foundation
import Synchronization
import Testing
import WFPCore
@testable import Enrichment

/// Keeps every line the log writes.
final class CapturingLogBackend: LogBackend {
    struct Line: Sendable {
        var level: LogLevel
        var message: String
        var fields: [String: String]
    }

    private let stored = Mutex<[Line]>([])

    var lines: [Line] { stored.withLock { $0 } }

    func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        let line = Line(level: level, message: message, fields: Dictionary(fields, uniquingKeysWith: { $1 }))
        stored.withLock { $0.append(line) }
    }
}

@Suite struct GeoIPLookupTests {
    @Test func geoIPLookup_joinsCountryAndASN_fromTwoDatabases() throws {
        let countryPath = try GeoIPFixtures.maxMindCity()
        let asnPath = try GeoIPFixtures.maxMindASN()
        defer {
            GeoIPFixtures.remove(countryPath)
            GeoIPFixtures.remove(asnPath)
        }
        let backend = CapturingLogBackend()
        let lookup = GeoIPLookup(countryPath: countryPath, asnPath: asnPath, log: Log(backend: backend))

        #expect(lookup.isEnabled)
        #expect(
            lookup.lookup(IPAddress("203.0.113.7")!)
                == GeoRecord(countryCode: "NL", countryName: "Netherlands", asn: 1136, asOrganization: "KPN B.V."))
        #expect(lookup.lookup(IPAddress("2001:db8:1::5")!)?.asDescription == "AS12345 Example Net")
        // Country known, AS unknown.
        #expect(lookup.lookup(IPAddress("198.51.100.1")!) == GeoRecord(countryCode: "US", countryName: "United States"))
        #expect(lookup.lookup(IPAddress("192.0.2.1")!) == nil)
        #expect(backend.lines.map(\.message) == ["GeoIP database opened", "GeoIP database opened"])
    }

    @Test func geoIPLookup_doesNotLookUpLocalAddresses() throws {
        var writer = MMDBTestWriter(databaseType: "GeoLite2-Country")
        for network in ["10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "192.168.0.0/16", "fe80::/10", "fd00::/8"] {
            writer.insert(network, offset: writer.store(.map([("country", .map([("iso_code", .string("ZZ"))]))])))
        }
        let path = try writer.write(named: "local.mmdb")
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)
        let lookup = GeoIPLookup(countryDatabase: database, asnDatabase: nil)

        for text in ["10.1.2.3", "127.0.0.1", "169.254.1.1", "192.168.1.1", "fe80::1", "fd00::1"] {
            let address = try #require(IPAddress(text))
            // The database does hold them; the lookup declines to ask.
            #expect(database.lookup(address)?.countryCode == "ZZ")
            #expect(lookup.lookup(address) == nil, "\(text)")
        }
    }

    @Test func geoIPLookup_turnsPartOff_withOneWarning_whenFileIsMissing() throws {
        let asnPath = try GeoIPFixtures.dbipASN()
        defer { GeoIPFixtures.remove(asnPath) }
        let missing = "/nonexistent/wfpwatch/dbip-country-lite.mmdb"
        let backend = CapturingLogBackend()
        let lookup = GeoIPLookup(countryPath: missing, asnPath: asnPath, log: Log(backend: backend))

        #expect(lookup.countryDatabase == nil)
        #expect(lookup.lookup(IPAddress("203.0.113.7")!) == GeoRecord(asn: 1136, asOrganization: "KPN B.V."))
        let warnings = backend.lines.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.fields["path"] == missing)
        #expect(warnings.first?.fields["part"] == "country")
        #expect(warnings.first?.fields["reason"]?.contains("No such file") == true)
    }

    @Test func geoIPLookup_isOff_andSilent_withoutPaths() {
        let backend = CapturingLogBackend()
        let lookup = GeoIPLookup(countryPath: nil, asnPath: "", log: Log(backend: backend))

        #expect(!lookup.isEnabled)
        #expect(lookup.lookup(IPAddress("203.0.113.7")!) == nil)
        #expect(backend.lines.isEmpty)
    }

    @Test func geoIPLookup_servesConcurrentReaders() async throws {
        let countryPath = try GeoIPFixtures.dbipCountry()
        defer { GeoIPFixtures.remove(countryPath) }
        let lookup = GeoIPLookup(countryDatabase: try GeoIPDatabase(path: countryPath), asnDatabase: nil)

        let codes = await withTaskGroup(of: [String?].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    (0..<2_000).map { index in
                        let address = index % 2 == 0 ? "203.0.113.\(index % 256)" : "2001:db8:1::\(worker):\(index)"
                        return lookup.lookup(IPAddress(address)!)?.countryCode
                    }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(codes.count == 8_000)
        #expect(codes.filter { $0 == "NL" }.count == 4_000)
        #expect(codes.filter { $0 == "RU" }.count == 4_000)
    }
}
