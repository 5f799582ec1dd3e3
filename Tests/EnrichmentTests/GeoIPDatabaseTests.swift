import Foundation
import Testing
import WFPCore
@testable import Enrichment

@Suite struct GeoIPDatabaseTests {
    @Test func geoIPDatabase_readsCountry_ofIPv4Address_inMaxMindCityLayout() throws {
        let path = try GeoIPFixtures.maxMindCity()
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)

        #expect(database.databaseType == "GeoLite2-City")
        #expect(database.ipVersion == 6)
        #expect(database.lookup(IPAddress("203.0.113.7")!) == GeoRecord(countryCode: "NL", countryName: "Netherlands"))
        #expect(database.lookup(IPAddress("203.0.113.255")!)?.countryCode == "NL")
    }

    @Test func geoIPDatabase_readsCountry_ofIPv6Address() throws {
        let path = try GeoIPFixtures.maxMindCity()
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)

        let russia = GeoRecord(countryCode: "RU", countryName: "Russia")
        #expect(database.lookup(IPAddress("2001:db8:1:ffff::42")!) == russia)
        #expect(database.lookup(IPAddress("2001:db8:2::1")!) == nil)
    }

    @Test func geoIPDatabase_readsIPv4MappedAddress_asIPv4() throws {
        let path = try GeoIPFixtures.maxMindCity()
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)

        let mapped = try #require(IPAddress("::ffff:203.0.113.9"))
        #expect(database.lookup(mapped)?.countryCode == "NL")
        // The same bits as a plain IPv6 address outside ::ffff:0:0/96 are another network.
        #expect(database.lookup(IPAddress("::1:203.0.113.9")!) == nil)
    }

    @Test func geoIPDatabase_returnsNil_forAddressInNoNetwork() throws {
        let path = try GeoIPFixtures.maxMindCity()
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)

        #expect(database.lookup(IPAddress("203.0.114.1")!) == nil)
        #expect(database.lookup(IPAddress("8.8.8.8")!) == nil)
    }

    @Test func geoIPDatabase_fallsBackToRegisteredCountry_whenNetworkHasNoCountry() throws {
        let path = try GeoIPFixtures.maxMindCity()
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)

        let unitedStates = GeoRecord(countryCode: "US", countryName: "United States")
        #expect(database.lookup(IPAddress("198.51.100.1")!) == unitedStates)
    }

    @Test func geoIPDatabase_readsIPv4OnlyFile_andMissesIPv6() throws {
        let path = try GeoIPFixtures.maxMindCity(ipVersion: 4)
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)

        #expect(database.ipVersion == 4)
        #expect(database.lookup(IPAddress("203.0.113.7")!)?.countryCode == "NL")
        #expect(database.lookup(IPAddress("2001:db8:1::1")!) == nil)
    }

    @Test func geoIPDatabase_readsASN_inMaxMindLayout() throws {
        let path = try GeoIPFixtures.maxMindASN()
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)

        #expect(database.lookup(IPAddress("203.0.113.7")!) == GeoRecord(asn: 1136, asOrganization: "KPN B.V."))
        #expect(database.lookup(IPAddress("2001:db8:1::9")!) == GeoRecord(asn: 12345, asOrganization: "Example Net"))
    }

    @Test func geoIPDatabase_readsDBIPLiteLayouts() throws {
        let countryPath = try GeoIPFixtures.dbipCountry()
        let asnPath = try GeoIPFixtures.dbipASN()
        defer {
            GeoIPFixtures.remove(countryPath)
            GeoIPFixtures.remove(asnPath)
        }

        let country = try GeoIPDatabase(path: countryPath)
        #expect(country.lookup(IPAddress("203.0.113.7")!) == GeoRecord(countryCode: "NL", countryName: "Netherlands"))
        #expect(country.lookup(IPAddress("2001:db8:1::1")!)?.countryCode == "RU")

        let asn = try GeoIPDatabase(path: asnPath)
        #expect(asn.databaseType == "DBIP-ASN-Lite (compat=GeoLite2-ASN)")
        #expect(asn.lookup(IPAddress("203.0.113.7")!) == GeoRecord(asn: 1136, asOrganization: "KPN B.V."))
    }

    @Test func geoIPDatabase_throwsNamingFile_whenFileIsMissing() {
        let path = "/nonexistent/wfpwatch/GeoLite2-Country.mmdb"
        #expect {
            try GeoIPDatabase(path: path)
        } throws: { error in
            guard let error = error as? GeoIPDatabaseError else { return false }
            return error.path == path && error.description.contains(path)
                && error.reason.contains("No such file or directory")
        }
    }

    @Test func geoIPDatabase_throws_whenFileIsNotAnMMDB() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-geoip-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("garbage.mmdb").path
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: URL(fileURLWithPath: path))

        #expect {
            try GeoIPDatabase(path: path)
        } throws: { error in
            (error as? GeoIPDatabaseError)?.reason.contains("metadata") == true
        }
    }

    @Test func geoIPDatabase_throws_whenFileIsTruncated() throws {
        let whole = try GeoIPFixtures.maxMindASN()
        defer { GeoIPFixtures.remove(whole) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        let path = whole + ".cut"
        try bytes.prefix(bytes.count - 40).write(to: URL(fileURLWithPath: path))

        #expect(throws: GeoIPDatabaseError.self) { try GeoIPDatabase(path: path) }
    }

    @Test func geoIPDatabase_returnsNil_whenRecordPointsPastDataSection() throws {
        var writer = MMDBTestWriter(databaseType: "GeoLite2-Country")
        writer.insert("203.0.113.0/24", offset: writer.store(.map([("country", .map([("iso_code", .string("NL"))]))])))
        writer.insert("198.51.100.0/24", offset: 0)
        let broken = writer.nodes.indices.last { writer.nodes[$0].contains(.data(0)) }!
        // Point the second network far beyond the few bytes of data.
        let side = writer.nodes[broken][0] == .data(0) ? 0 : 1
        writer.setRecord(node: broken, side: side, .data(1_000_000))
        let path = try writer.write(named: "corrupt.mmdb")
        defer { GeoIPFixtures.remove(path) }

        let database = try GeoIPDatabase(path: path)
        #expect(database.lookup(IPAddress("198.51.100.1")!) == nil)
        #expect(database.lookup(IPAddress("203.0.113.1")!)?.countryCode == "NL")
    }

    @Test func geoIPDatabase_readsOnlyRequestedFields() throws {
        let path = try GeoIPFixtures.maxMindASN()
        defer { GeoIPFixtures.remove(path) }
        let database = try GeoIPDatabase(path: path)
        let address = try #require(IPAddress("203.0.113.7"))

        #expect(database.lookup(address, fields: .country) == nil)
        #expect(database.lookup(address, fields: .autonomousSystem)?.asn == 1136)
    }
}
