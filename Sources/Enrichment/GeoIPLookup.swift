import WFPCore

/// Country and AS lookups for connection destinations, from an optional country (or city)
/// database and an optional ASN database.
///
/// A database that is not configured, missing or unreadable turns its part off: `init(...log:)`
/// logs one line per such file and the daemon runs on without it. Only public addresses are
/// looked up; private, loopback, link-local, multicast and unspecified ones are local and no
/// database holds them.
public struct GeoIPLookup: Sendable {
    /// Where country codes and names come from (GeoLite2-Country / City, DB-IP country / city lite).
    public let countryDatabase: GeoIPDatabase?
    /// Where AS numbers and organizations come from (GeoLite2-ASN, DB-IP ASN lite).
    public let asnDatabase: GeoIPDatabase?

    /// A lookup over databases already opened (or none).
    public init(countryDatabase: GeoIPDatabase?, asnDatabase: GeoIPDatabase?) {
        self.countryDatabase = countryDatabase
        self.asnDatabase = asnDatabase
    }

    /// Opens the databases at the configured paths; a nil path leaves that part off silently, a
    /// path that cannot be opened leaves it off with one warning naming the file and the reason.
    public init(countryPath: String?, asnPath: String?, log: Log) {
        self.init(
            countryDatabase: Self.open(countryPath, part: "country", log: log),
            asnDatabase: Self.open(asnPath, part: "asn", log: log))
    }

    /// Whether any database is open.
    public var isEnabled: Bool { countryDatabase != nil || asnDatabase != nil }

    /// Country and AS of `address`; nil for non-public addresses, with no database open, or when
    /// no database knows the address. Country fields are read from the country database only, AS
    /// fields from the ASN database only (a file holding both is configured as both).
    public func lookup(_ address: IPAddress) -> GeoRecord? {
        guard isEnabled, address.scope == .public else { return nil }

        let country = countryDatabase?.lookup(address, fields: .country)
        let autonomousSystem = asnDatabase?.lookup(address, fields: .autonomousSystem)
        switch (country, autonomousSystem) {
        case (nil, nil): return nil
        case (let country?, nil): return country
        case (nil, let autonomousSystem?): return autonomousSystem
        case (let country?, let autonomousSystem?): return country.merged(with: autonomousSystem)
        }
    }

    // MARK: Steps

    private static func open(_ path: String?, part: String, log: Log) -> GeoIPDatabase? {
        guard let path, !path.isEmpty else { return nil }
        do {
            let database = try GeoIPDatabase(path: path)
            log.log(.info, "GeoIP database opened", [("part", part), ("path", path), ("type", database.databaseType)])
            return database
        } catch {
            log.log(
                .warning, "GeoIP database unavailable, lookups off for this part",
                [("part", part), ("path", path), ("reason", error.reason)])
            return nil
        }
    }
}
