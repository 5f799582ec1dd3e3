import WFPCore

/// Settings of the stateful detectors: beaconing, high frequency and fan-out, rare
/// destinations, the allowlist and the bounds on tracked state. Defaults are the shipped ones.
public struct CorrelationConfiguration: Equatable, Sendable {
    public var beacon = BeaconConfiguration()
    public var frequency = FrequencyConfiguration()
    public var rarity = RarityConfiguration()
    public var allowlist = AllowlistConfiguration()
    /// First connection of a process to a country, and connections to listed countries; needs
    /// a GeoIP country database.
    public var newCountry = NewCountryConfiguration()
    /// Cap on tracked series keys per detection worker; the least recently used is evicted.
    public var maximumTrackedKeys = 200_000
    /// A key with no event for this long (event time) is dropped. Three days, so a beacon that
    /// sleeps over a weekend or calls back only in working hours keeps its history.
    public var idleExpiry: Duration = .seconds(72 * 3600)
    /// Events older than the newest event of their host by up to this much are still accepted.
    public var outOfOrderTolerance: Duration = .seconds(30)

    public init() {}
}

public struct BeaconConfiguration: Equatable, Sendable {
    public var enabled = true
    /// Attempts of one key closer than this are one callback (TCP retries, several 5156 per
    /// connection).
    public var coalesceGap: Duration = .seconds(1)
    /// Callbacks before the first (provisional) alert.
    public var minimumCallbacks = 8
    /// Chance that a key of random (Poisson) arrivals alerts within its first 33 callbacks (a
    /// per-key budget, spread over the detector's repeated tests; see `BeaconDetector`). At 0.4 %
    /// the benchmark's simulated Poisson keys alert 0.32 % by 33 callbacks and 0.41 % by 65,
    /// under the 0.5 % it allows, and ±50 % jitter beacons get their recall within 20 callbacks.
    public var falseAlarmRate = 4e-3
    /// Plausibility cap: a series whose measured jitter (spread around the period, relative to
    /// it) is above this is not reported, however its statistic scores. Bursty benign keys
    /// (browsers, mail, chat) that pass the regularity test report a spread at or above the
    /// period; uniform ±80 % jitter beacons are mostly missed anyway. A post-filter: it can only
    /// lower the false-alarm rate.
    public var maximumJitter = 0.9
    /// Callback counts at which a series' alert is escalated.
    public var escalationCallbacks: [Int] = [20, 50]
    public var severity = Severity.medium

    public init() {}
}

public struct FrequencyConfiguration: Equatable, Sendable {
    public var enabled = true
    /// Connections of one key within `window` that raise `high_frequency`.
    public var connectionsPerWindow = 100
    public var window: Duration = .seconds(10)
    /// Distinct destination addresses or ports of one process within `fanOutWindow` that raise
    /// `fan_out`.
    public var fanOutDestinations = 50
    public var fanOutWindow: Duration = .seconds(60)
    public var severity = Severity.medium
    /// Destination scopes whose connections count for `high_frequency` and for port fan-out.
    public var scopes: Set<AddressScope> = DetectionConfiguration.defaultScopes
    /// Destination scopes whose addresses count for address fan-out. Private only: browsers and
    /// resolvers reach dozens of public addresses a minute, while sweeps of the inside are the
    /// discovery this rule is for.
    public var fanOutAddressScopes: Set<AddressScope> = [.private]
    /// Cap on tracked high-frequency plus fan-out keys per detection worker.
    public var maximumTrackedKeys = 100_000

    public init() {}
}

public struct RarityConfiguration: Equatable, Sendable {
    public var enabled = true
    /// How long a host's (and the fleet's) destinations are remembered.
    public var memory: Duration = .seconds(7 * 86_400)
    /// Raise `rare_destination` alerts (otherwise rarity only adds context to other alerts).
    public var alert = false
    /// A destination reached by at most this share of hosts counts as rare for the fleet.
    public var fleetRareShare = 0.05
    public var severity = Severity.low
    /// A host (and the fleet) is learnt this long (event time) before its new destinations count:
    /// right after start every destination is new.
    public var learningPeriod: Duration = .seconds(86_400)
    /// Cap on destinations remembered per host; past it new destinations are not remembered.
    public var maximumDestinationsPerHost = 100_000
    /// Cap on hosts tracked per detection worker.
    public var maximumHosts = 100_000
    /// Cap on destinations the fleet state remembers; past it new ones are not remembered.
    public var maximumFleetDestinations = 1_000_000

    public init() {}
}

/// Entries whose match suppresses every stateful and per-event finding. Each entry's set parts
/// must all match (a combination); an empty entry matches nothing.
public struct AllowlistConfiguration: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// Lower-case image name (`windowsazureguestagent.exe`).
        public var image: String?
        public var destination: CIDRBlock?
        /// Matches the destination name and every name below it (`windowsupdate.com` covers
        /// `fe2.update.microsoft.windowsupdate.com`).
        public var domainSuffix: String?
        public var port: UInt16?

        public init(
            image: String? = nil, destination: CIDRBlock? = nil, domainSuffix: String? = nil, port: UInt16? = nil
        ) {
            self.image = image
            self.destination = destination
            self.domainSuffix = domainSuffix
            self.port = port
        }
    }

    public var entries: [Entry] = []
    /// Also apply `AllowlistConfiguration.defaultEntries` (benign periodic platform traffic).
    public var includeDefaults = true

    public init() {}
}
