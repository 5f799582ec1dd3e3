import Foundation
import WFPCore

/// Tiny `.mmdb` files in the layouts of MaxMind's GeoLite2 City / ASN and DB-IP's lite
/// Country / ASN files, written by `MMDBTestWriter` into fresh temporary paths.
///
/// Networks: 203.0.113.0/24 in the Netherlands (AS1136), 2001:db8:1::/48 in Russia (AS12345),
/// 198.51.100.0/24 with only a registered country (US, like anycast ranges). Nothing else.
enum GeoIPFixtures {
    static let dutchNetwork = "203.0.113.0/24"
    static let russianNetwork = "2001:db8:1::/48"
    static let registeredOnlyNetwork = "198.51.100.0/24"

    /// GeoLite2-City layout: continent, country and registered_country with shared `names`
    /// maps reached through pointers, city, location, subdivisions.
    static func maxMindCity(ipVersion: Int = 6) throws -> String {
        var writer = MMDBTestWriter(databaseType: "GeoLite2-City", ipVersion: ipVersion, recordBits: 32)
        let dutchNames = writer.store(names(en: "Netherlands", de: "Niederlande"))
        let europeNames = writer.store(names(en: "Europe", de: "Europa"))
        let netherlands = place(geonameID: 2_750_405, code: "NL", names: .pointer(dutchNames), european: true)
        let dutch = writer.store(
            .map([
                ("city", .map([("geoname_id", .uint32(2_759_794)), ("names", .map([("en", .string("Amsterdam"))]))])),
                ("continent", continent(names: .pointer(europeNames))),
                ("country", netherlands),
                ("location", .map([("accuracy_radius", .uint16(20)), ("latitude", .double(52.4))])),
                ("registered_country", netherlands),
                ("subdivisions", .array([.map([("iso_code", .string("NH"))])])),
            ]))
        writer.insert(dutchNetwork, offset: dutch)

        if ipVersion == 6 {
            let russia = place(geonameID: 2_017_370, code: "RU", names: names(en: "Russia", de: "Russland"))
            writer.insert(russianNetwork, offset: writer.store(.map([("country", russia)])))
        }
        let unitedStates = place(geonameID: 6_252_001, code: "US", names: .map([("en", .string("United States"))]))
        writer.insert(registeredOnlyNetwork, offset: writer.store(.map([("registered_country", unitedStates)])))
        return try writer.write(named: "GeoLite2-City.mmdb")
    }

    /// GeoLite2-ASN layout: two keys per network.
    static func maxMindASN() throws -> String {
        var writer = MMDBTestWriter(databaseType: "GeoLite2-ASN")
        writer.insert(dutchNetwork, offset: writer.store(autonomousSystem(.uint32(1136), "KPN B.V.")))
        writer.insert(russianNetwork, offset: writer.store(autonomousSystem(.uint32(12345), "Example Net")))
        return try writer.write(named: "GeoLite2-ASN.mmdb")
    }

    /// DB-IP country lite layout (same keys as GeoLite2-Country), with 24-bit records.
    static func dbipCountry() throws -> String {
        var writer = MMDBTestWriter(databaseType: "DBIP-Country-Lite", recordBits: 24)
        let dutch = writer.store(
            .map([
                ("continent", continent(names: names(en: "Europe", de: "Europa"))),
                ("country", place(geonameID: 2_750_405, code: "NL", names: names(en: "Netherlands", de: "Holland"))),
            ]))
        writer.insert(dutchNetwork, offset: dutch)
        let russia = place(geonameID: 2_017_370, code: "RU", names: names(en: "Russia", de: "Russland"))
        writer.insert(russianNetwork, offset: writer.store(.map([("country", russia)])))
        return try writer.write(named: "dbip-country-lite.mmdb")
    }

    /// DB-IP ASN lite layout (GeoLite2-ASN keys), with the number written as a 64-bit integer.
    static func dbipASN() throws -> String {
        var writer = MMDBTestWriter(databaseType: "DBIP-ASN-Lite (compat=GeoLite2-ASN)", recordBits: 24)
        writer.insert(dutchNetwork, offset: writer.store(autonomousSystem(.uint64(1136), "KPN B.V.")))
        return try writer.write(named: "dbip-asn-lite.mmdb")
    }

    /// A `country` / `registered_country` map: geoname id, EU flag, ISO code, names.
    static func place(geonameID: UInt32, code: String, names: MMDBValue, european: Bool? = nil) -> MMDBValue {
        var pairs: [(String, MMDBValue)] = [("geoname_id", .uint32(geonameID))]
        if let european { pairs.append(("is_in_european_union", .boolean(european))) }
        return .map(pairs + [("iso_code", .string(code)), ("names", names)])
    }

    /// The `continent` map of Europe.
    static func continent(names: MMDBValue) -> MMDBValue {
        .map([("code", .string("EU")), ("geoname_id", .uint32(6_255_148)), ("names", names)])
    }

    static func names(en: String, de: String) -> MMDBValue {
        .map([("de", .string(de)), ("en", .string(en))])
    }

    static func autonomousSystem(_ number: MMDBValue, _ organization: String) -> MMDBValue {
        .map([("autonomous_system_number", number), ("autonomous_system_organization", .string(organization))])
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }
}
