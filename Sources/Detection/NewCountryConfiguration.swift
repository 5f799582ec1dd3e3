/// Settings of the `new_country` and `listed_country` rules.
public struct NewCountryConfiguration: Equatable, Sendable {
    /// Both rules on (they need a GeoIP country database to see anything).
    public var enabled = true
    /// A host's countries are learnt this long (event time, from its first counted connection)
    /// before a new one is flagged: right after start every country is new.
    public var learningPeriod: Duration = .seconds(86_400)
    /// ISO 3166-1 alpha-2 codes (`RU`, `KP`); any connection to one of them is flagged, learning
    /// or not. Compared case-insensitively.
    public var listedCountries: Set<String> = []
    /// Severity of `new_country`.
    public var severity = Severity.medium
    /// Severity of `listed_country`.
    public var listedSeverity = Severity.high
    /// Cap on hosts remembered per detector; connections of further hosts are only checked
    /// against the listed countries.
    public var maximumHosts = 100_000
    /// Cap on (process image, country) pairs remembered per host; past it a new pair is still
    /// flagged but not remembered.
    public var maximumPairsPerHost = 4_096
    /// Cap on distinct process images the detector names; connections of further images are
    /// only checked against the listed countries.
    public var maximumImages = 65_536

    public init() {}

    public init(
        enabled: Bool = true, learningPeriod: Duration = .seconds(86_400), listedCountries: Set<String> = [],
        severity: Severity = .medium, listedSeverity: Severity = .high, maximumHosts: Int = 100_000
    ) {
        self.enabled = enabled
        self.learningPeriod = learningPeriod
        self.listedCountries = listedCountries
        self.severity = severity
        self.listedSeverity = listedSeverity
        self.maximumHosts = maximumHosts
    }
}
