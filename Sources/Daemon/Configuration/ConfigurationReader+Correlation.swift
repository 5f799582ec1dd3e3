import Detection
import WFPCore

extension ConfigurationReader {
    private static let correlationKeys = [
        "maximum_tracked_keys", "idle_expiry", "out_of_order_tolerance", "beacon", "frequency", "rarity", "allowlist",
        "new_country",
    ]
    private static let beaconKeys = [
        "enabled", "coalesce_gap", "minimum_callbacks", "false_alarm_rate", "maximum_jitter_percent",
        "escalation_callbacks", "severity",
    ]
    private static let frequencyKeys = [
        "enabled", "connections_per_window", "window", "fan_out_destinations", "fan_out_window", "severity", "scopes",
        "fan_out_address_scopes", "maximum_tracked_keys",
    ]
    private static let rarityKeys = [
        "enabled", "memory", "alert", "fleet_rare_share", "severity", "learning_period", "max_destinations_per_host",
        "max_hosts", "max_fleet_destinations",
    ]
    /// Caps on tracked state; the upper limit keeps a typo from asking for more memory than a
    /// host has (a tracked key costs a few hundred bytes).
    private static let keyCapRange = 1...100_000_000
    private static let day = Duration.seconds(86_400)

    func readCorrelation(_ value: ConfigValue) throws(ConfigurationError) -> CorrelationConfiguration {
        let map = try value.mapping(allowedKeys: Self.correlationKeys)
        var correlation = CorrelationConfiguration()

        if let keys = map["maximum_tracked_keys"] {
            correlation.maximumTrackedKeys = try keys.integer(in: Self.keyCapRange)
        }
        if let expiry = map["idle_expiry"] {
            correlation.idleExpiry = try expiry.duration(in: .seconds(60) ... Self.day * 30)
        }
        // Events dated ahead of their receipt by more than a day are ignored for timing anyway.
        if let tolerance = map["out_of_order_tolerance"] {
            correlation.outOfOrderTolerance = try tolerance.duration(in: .zero ... Self.day)
        }

        if let section = map["beacon"] { correlation.beacon = try readBeacon(section) }
        if let section = map["frequency"] { correlation.frequency = try readFrequency(section) }
        if let section = map["rarity"] { correlation.rarity = try readRarity(section) }
        if let section = map["allowlist"] { correlation.allowlist = try readAllowlist(section) }
        if let section = map["new_country"] { correlation.newCountry = try readNewCountry(section) }
        return correlation
    }

    private func readBeacon(_ value: ConfigValue) throws(ConfigurationError) -> BeaconConfiguration {
        let map = try value.mapping(allowedKeys: Self.beaconKeys)
        var beacon = BeaconConfiguration()

        if let enabled = map["enabled"] { beacon.enabled = try enabled.bool() }
        if let gap = map["coalesce_gap"] { beacon.coalesceGap = try gap.duration(in: .zero ... .seconds(3600)) }
        // Three callbacks give the two intervals the regularity test needs at the least.
        if let callbacks = map["minimum_callbacks"] { beacon.minimumCallbacks = try callbacks.integer(in: 3...1_000) }
        if let rate = map["false_alarm_rate"] { beacon.falseAlarmRate = try rate.fraction() }
        // Uniform jitter reads at most 100 %; a spread of a thousand percent is no cap at all.
        if let cap = map["maximum_jitter_percent"] {
            beacon.maximumJitter = Double(try cap.integer(in: 1...1_000)) / 100
        }
        if let severity = map["severity"] { beacon.severity = try Self.severity(severity) }

        if let list = map["escalation_callbacks"] {
            var counts: [Int] = []
            for item in try list.list() {
                let lowest = max(counts.last ?? beacon.minimumCallbacks, beacon.minimumCallbacks) + 1
                guard lowest <= 1_000_000 else { throw item.error("no count can follow (allowed up to 1000000)") }
                counts.append(try item.integer(in: lowest...1_000_000))
            }
            beacon.escalationCallbacks = counts
        }
        return beacon
    }

    private func readFrequency(_ value: ConfigValue) throws(ConfigurationError) -> FrequencyConfiguration {
        let map = try value.mapping(allowedKeys: Self.frequencyKeys)
        var frequency = FrequencyConfiguration()

        if let enabled = map["enabled"] { frequency.enabled = try enabled.bool() }
        if let count = map["connections_per_window"] {
            frequency.connectionsPerWindow = try count.integer(in: 2...10_000_000)
        }
        if let window = map["window"] { frequency.window = try window.duration(in: .seconds(1) ... Self.day) }
        if let count = map["fan_out_destinations"] {
            frequency.fanOutDestinations = try count.integer(in: 2...100_000)
        }
        if let window = map["fan_out_window"] {
            frequency.fanOutWindow = try window.duration(in: .seconds(1) ... Self.day)
        }
        if let severity = map["severity"] { frequency.severity = try Self.severity(severity) }

        if let scopes = map["scopes"] { frequency.scopes = try Self.scopes(scopes, allowEmpty: false) }
        // Empty is meaningful here: fan-out then counts ports only.
        if let scopes = map["fan_out_address_scopes"] {
            frequency.fanOutAddressScopes = try Self.scopes(scopes, allowEmpty: true)
        }
        if let keys = map["maximum_tracked_keys"] {
            frequency.maximumTrackedKeys = try keys.integer(in: Self.keyCapRange)
        }
        return frequency
    }

    private func readRarity(_ value: ConfigValue) throws(ConfigurationError) -> RarityConfiguration {
        let map = try value.mapping(allowedKeys: Self.rarityKeys)
        var rarity = RarityConfiguration()

        if let enabled = map["enabled"] { rarity.enabled = try enabled.bool() }
        if let memory = map["memory"] { rarity.memory = try memory.duration(in: .seconds(3600) ... Self.day * 366) }
        if let alert = map["alert"] { rarity.alert = try alert.bool() }
        if let share = map["fleet_rare_share"] { rarity.fleetRareShare = try share.fraction() }
        if let severity = map["severity"] { rarity.severity = try Self.severity(severity) }
        if let period = map["learning_period"] {
            rarity.learningPeriod = try period.duration(in: .zero ... Self.day * 366)
        }

        if let cap = map["max_destinations_per_host"] {
            rarity.maximumDestinationsPerHost = try cap.integer(in: Self.keyCapRange)
        }
        if let cap = map["max_hosts"] { rarity.maximumHosts = try cap.integer(in: Self.keyCapRange) }
        if let cap = map["max_fleet_destinations"] {
            rarity.maximumFleetDestinations = try cap.integer(in: Self.keyCapRange)
        }
        return rarity
    }

    static func severity(_ value: ConfigValue) throws(ConfigurationError) -> Severity {
        try value.choice(Severity.allCases.map { ($0.name, $0) })
    }

    static func scopes(_ value: ConfigValue, allowEmpty: Bool) throws(ConfigurationError) -> Set<AddressScope> {
        let names = AddressScope.allCases.map { ($0.rawValue, $0) }
        var set: Set<AddressScope> = []
        for item in try value.list() { set.insert(try item.choice(names)) }
        guard allowEmpty || !set.isEmpty else {
            throw value.error("an empty list would never alert (allowed: \(names.map(\.0).joined(separator: ", ")))")
        }
        return set
    }
}
