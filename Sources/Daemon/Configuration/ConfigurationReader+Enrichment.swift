import Detection
import WFPCore

extension ConfigurationReader {
    private static let newCountryKeys = [
        "enabled", "learning_period", "listed_countries", "severity", "listed_severity", "maximum_hosts",
    ]

    /// `enrichment: {geoip: {country_database, asn_database}, dns: {...}}`: paths to MaxMind or
    /// DB-IP `.mmdb` files (a path left out turns that lookup off), and how long a DNS answer
    /// names its addresses (Sysmon gives no TTL).
    func readEnrichment(
        _ value: ConfigValue
    ) throws(ConfigurationError) -> WFPWatchConfiguration.EnrichmentConfiguration {
        let map = try value.mapping(allowedKeys: ["geoip", "dns"])
        var enrichment = WFPWatchConfiguration.EnrichmentConfiguration()

        if let geoip = map["geoip"] {
            let paths = try geoip.mapping(allowedKeys: ["country_database", "asn_database"])
            if let path = paths["country_database"] { enrichment.countryDatabase = resolve(try Self.nonEmpty(path)) }
            if let path = paths["asn_database"] { enrichment.asnDatabase = resolve(try Self.nonEmpty(path)) }
        }
        if let dns = map["dns"] {
            let keys = try dns.mapping(allowedKeys: [
                "lifetime", "minimum_lifetime", "maximum_lifetime", "maximum_answers",
            ])
            var limits = enrichment.hosts.dns
            let day = Duration.seconds(86_400)
            if let value = keys["minimum_lifetime"] { limits.minimumLifetime = try value.duration(in: .zero ... day) }
            if let value = keys["maximum_lifetime"] {
                limits.maximumLifetime = try value.duration(in: limits.minimumLifetime ... day * 30)
            }
            if let value = keys["lifetime"] {
                limits.defaultLifetime = try value.duration(in: limits.minimumLifetime ... limits.maximumLifetime)
            } else {
                let floor = max(limits.defaultLifetime, limits.minimumLifetime)
                limits.defaultLifetime = min(floor, limits.maximumLifetime)
            }
            if let value = keys["maximum_answers"] { limits.maximumEntries = try value.integer(in: 1...10_000_000) }
            enrichment.hosts.dns = limits
        }
        return enrichment
    }

    func readNewCountry(_ value: ConfigValue) throws(ConfigurationError) -> NewCountryConfiguration {
        let map = try value.mapping(allowedKeys: Self.newCountryKeys)
        var rule = NewCountryConfiguration()

        if let enabled = map["enabled"] { rule.enabled = try enabled.bool() }
        if let period = map["learning_period"] {
            rule.learningPeriod = try period.duration(in: .zero ... .seconds(366 * 86_400))
        }
        if let severity = map["severity"] { rule.severity = try Self.severity(severity) }
        if let severity = map["listed_severity"] { rule.listedSeverity = try Self.severity(severity) }
        if let hosts = map["maximum_hosts"] { rule.maximumHosts = try hosts.integer(in: 1...100_000_000) }

        if let list = map["listed_countries"] {
            var codes: Set<String> = []
            for item in try list.list() {
                let code = try item.string().uppercased()
                guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw item.error("is not a two-letter ISO 3166 country code (e.g. RU, KP)")
                }
                codes.insert(code)
            }
            rule.listedCountries = codes
        }
        return rule
    }
}
