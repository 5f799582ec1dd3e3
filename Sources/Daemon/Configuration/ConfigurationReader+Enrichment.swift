import Detection
import WFPCore

extension ConfigurationReader {
    private static let newCountryKeys = [
        "enabled", "learning_period", "listed_countries", "severity", "listed_severity", "maximum_hosts",
    ]

    /// `enrichment: {geoip: {country_database, asn_database}}`: paths to MaxMind or DB-IP
    /// `.mmdb` files; a path left out turns that lookup off.
    func readEnrichment(
        _ value: ConfigValue
    ) throws(ConfigurationError) -> WFPWatchConfiguration.EnrichmentConfiguration {
        let map = try value.mapping(allowedKeys: ["geoip"])
        var enrichment = WFPWatchConfiguration.EnrichmentConfiguration()
        guard let geoip = map["geoip"] else { return enrichment }

        let paths = try geoip.mapping(allowedKeys: ["country_database", "asn_database"])
        if let path = paths["country_database"] { enrichment.countryDatabase = resolve(try Self.nonEmpty(path)) }
        if let path = paths["asn_database"] { enrichment.asnDatabase = resolve(try Self.nonEmpty(path)) }
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
