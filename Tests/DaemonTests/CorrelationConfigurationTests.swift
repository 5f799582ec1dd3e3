import Detection
import Foundation
import Testing
import WFPCore

@testable import Daemon

@Test func shippedConfiguration_correlationEqualsBuiltInDefaults() throws {
    let path = TestPaths.packageRoot.appendingPathComponent("config/wfpwatch.yaml").path
    let configuration = try WFPWatchConfiguration.load(path: path)
    #expect(configuration.correlation == CorrelationConfiguration())

    // Every key the reader knows is spelled out in the shipped file, so none goes undocumented.
    let text = try String(contentsOfFile: path, encoding: .utf8)
    for key in [
        "maximum_tracked_keys:", "idle_expiry:", "out_of_order_tolerance:", "coalesce_gap:", "minimum_callbacks:",
        "false_alarm_rate:", "maximum_jitter_percent:", "escalation_callbacks:", "connections_per_window:",
        "fan_out_destinations:", "fan_out_window:", "fan_out_address_scopes:", "fleet_rare_share:", "learning_period:",
        "max_destinations_per_host:", "max_hosts:", "max_fleet_destinations:", "include_defaults:", "entries:",
    ] {
        #expect(text.contains("\n    \(key)") || text.contains("\n  \(key)"), "shipped file lacks \(key)")
    }
}

@Test func correlationConfiguration_readsEveryKey() throws {
    let correlation = try parse("""
        correlation:
          maximum_tracked_keys: 5_000
          idle_expiry: 2h
          out_of_order_tolerance: 0s
          beacon:
            enabled: false
            coalesce_gap: 500ms
            minimum_callbacks: 5
            false_alarm_rate: 1e-4
            maximum_jitter_percent: 120
            escalation_callbacks: [10, 40]
            severity: high
          frequency:
            enabled: false
            connections_per_window: 30
            window: 5s
            fan_out_destinations: 20
            fan_out_window: 2m
            severity: low
            scopes: [public]
            fan_out_address_scopes: []
            maximum_tracked_keys: 1000
          rarity:
            enabled: false
            memory: 3d
            alert: true
            fleet_rare_share: 0.1
            severity: medium
            learning_period: 12h
            max_destinations_per_host: 10
            max_hosts: 20
            max_fleet_destinations: 30
          allowlist:
            include_defaults: false
            entries:
              - {image: BackupAgent.EXE, destination: 10.20.0.0/16, port: 443}
              - {domain_suffix: .Example.COM.}
              - destination: "2001:db8::1"
        """).correlation

    var expected = CorrelationConfiguration()
    expected.maximumTrackedKeys = 5_000
    expected.idleExpiry = .seconds(7200)
    expected.outOfOrderTolerance = .zero
    expected.beacon.enabled = false
    expected.beacon.coalesceGap = .milliseconds(500)
    expected.beacon.minimumCallbacks = 5
    expected.beacon.falseAlarmRate = 1e-4
    expected.beacon.maximumJitter = 1.2
    expected.beacon.escalationCallbacks = [10, 40]
    expected.beacon.severity = .high
    expected.frequency.enabled = false
    expected.frequency.connectionsPerWindow = 30
    expected.frequency.window = .seconds(5)
    expected.frequency.fanOutDestinations = 20
    expected.frequency.fanOutWindow = .seconds(120)
    expected.frequency.severity = .low
    expected.frequency.scopes = [.public]
    expected.frequency.fanOutAddressScopes = []
    expected.frequency.maximumTrackedKeys = 1000
    expected.rarity.enabled = false
    expected.rarity.memory = .seconds(3 * 86_400)
    expected.rarity.alert = true
    expected.rarity.fleetRareShare = 0.1
    expected.rarity.severity = .medium
    expected.rarity.learningPeriod = .seconds(12 * 3600)
    expected.rarity.maximumDestinationsPerHost = 10
    expected.rarity.maximumHosts = 20
    expected.rarity.maximumFleetDestinations = 30
    expected.allowlist.includeDefaults = false
    expected.allowlist.entries = [
        .init(image: "backupagent.exe", destination: CIDRBlock("10.20.0.0/16"), port: 443),
        .init(domainSuffix: "example.com"),
        .init(destination: CIDRBlock("2001:db8::1")),
    ]
    #expect(correlation == expected)
}

@Test func correlationConfiguration_emptySectionTakesDefaults() throws {
    #expect(try parse("correlation:\n").correlation == CorrelationConfiguration())
    #expect(try parse("correlation:\n  beacon:\n  allowlist: {}\n").correlation == CorrelationConfiguration())
}

@Test(arguments: [
    ("correlation:\n  maximum_tracked_keys: 0\n",
     "test.yaml:2: correlation.maximum_tracked_keys: 0 is out of range (allowed 1...100000000)"),
    ("correlation:\n  idle_expiry: 10s\n",
     "test.yaml:2: correlation.idle_expiry: 10s is out of range (allowed 1m...30d)"),
    ("correlation:\n  out_of_order_tolerance: soon\n",
     "test.yaml:2: correlation.out_of_order_tolerance: 'soon' is not a duration "
        + "(write a number and a unit: ms, s, m, h, d; e.g. 30s, 10m)"),
    ("correlation:\n  beaconing: {}\n",
     "test.yaml:2: correlation.beaconing: unknown key (allowed: maximum_tracked_keys, idle_expiry, "
        + "out_of_order_tolerance, beacon, frequency, rarity, allowlist, new_country)"),
    ("correlation:\n  beacon:\n    false_alarm_rate: 1\n",
     "test.yaml:3: correlation.beacon.false_alarm_rate: 1 is out of range (allowed above 0 and below 1)"),
    ("correlation:\n  beacon:\n    false_alarm_rate: 0\n",
     "test.yaml:3: correlation.beacon.false_alarm_rate: 0 is out of range (allowed above 0 and below 1)"),
    ("correlation:\n  beacon:\n    false_alarm_rate: rare\n",
     "test.yaml:3: correlation.beacon.false_alarm_rate: 'rare' is not a number "
        + "(allowed above 0 and below 1, e.g. 0.05 or 1e-6)"),
    ("correlation:\n  beacon:\n    maximum_jitter_percent: 0\n",
     "test.yaml:3: correlation.beacon.maximum_jitter_percent: 0 is out of range (allowed 1...1000)"),
    ("correlation:\n  beacon:\n    maximum_jitter_percent: 0.9\n",
     "test.yaml:3: correlation.beacon.maximum_jitter_percent: '0.9' is not a whole number (allowed 1...1000)"),
    ("correlation:\n  beacon:\n    minimum_callbacks: 2\n",
     "test.yaml:3: correlation.beacon.minimum_callbacks: 2 is out of range (allowed 3...1000)"),
    ("correlation:\n  beacon:\n    escalation_callbacks: [8]\n",
     "test.yaml:3: correlation.beacon.escalation_callbacks[0]: 8 is out of range (allowed 9...1000000)"),
    ("correlation:\n  beacon:\n    escalation_callbacks: [30, 20]\n",
     "test.yaml:3: correlation.beacon.escalation_callbacks[1]: 20 is out of range (allowed 31...1000000)"),
    ("correlation:\n  beacon:\n    enabled: yes\n",
     "test.yaml:3: correlation.beacon.enabled: 'yes' is not a boolean (allowed: true, false)"),
    ("correlation:\n  frequency:\n    severity: urgent\n",
     "test.yaml:3: correlation.frequency.severity: 'urgent' is not allowed "
        + "(allowed: info, low, medium, high, critical)"),
    ("correlation:\n  frequency:\n    scopes: []\n",
     "test.yaml:3: correlation.frequency.scopes: an empty list would never alert "
        + "(allowed: public, private, loopback, link_local, multicast, unspecified)"),
    ("correlation:\n  frequency:\n    fan_out_address_scopes: [inside]\n",
     "test.yaml:3: correlation.frequency.fan_out_address_scopes[0]: 'inside' is not allowed "
        + "(allowed: public, private, loopback, link_local, multicast, unspecified)"),
    ("correlation:\n  frequency:\n    connections_per_window: 1\n",
     "test.yaml:3: correlation.frequency.connections_per_window: 1 is out of range (allowed 2...10000000)"),
    ("correlation:\n  rarity:\n    fleet_rare_share: 1.5\n",
     "test.yaml:3: correlation.rarity.fleet_rare_share: 1.5 is out of range (allowed above 0 and below 1)"),
    ("correlation:\n  rarity:\n    memory: 30m\n",
     "test.yaml:3: correlation.rarity.memory: 30m is out of range (allowed 1h...366d)"),
    ("correlation:\n  rarity:\n    max_hosts: -1\n",
     "test.yaml:3: correlation.rarity.max_hosts: -1 is out of range (allowed 1...100000000)"),
])
func correlationConfiguration_rejectsBadValue_withFileLineAndKey(text: String, message: String) {
    #expect(rejection(text) == message)
}

@Test func allowlistConfiguration_rejectsEntryWithNoKey() {
    #expect(rejection("correlation:\n  allowlist:\n    entries:\n      - {}\n")
        == "test.yaml:4: correlation.allowlist.entries[0]: an entry with no key would match nothing "
        + "(give at least one of: image, destination, domain_suffix, port)")
    #expect(rejection("correlation:\n  allowlist:\n    entries:\n      -\n")?
        .hasPrefix("test.yaml:4: correlation.allowlist.entries[0]: an entry with no key") == true)
}

@Test func allowlistConfiguration_rejectsBadEntryValues() {
    #expect(rejection("correlation:\n  allowlist:\n    entries:\n      - destination: 10.0.0.0/33\n")
        == "test.yaml:4: correlation.allowlist.entries[0].destination: '10.0.0.0/33' is not an address or "
        + "CIDR block (e.g. 10.0.0.0/8, 168.63.129.16, 2001:db8::/32)")
    #expect(rejection("correlation:\n  allowlist:\n    entries:\n      - port: 0\n")
        == "test.yaml:4: correlation.allowlist.entries[0].port: 0 is out of range (allowed 1...65535)")
    #expect(rejection("correlation:\n  allowlist:\n    entries:\n      - {image: ''}\n")
        == "test.yaml:4: correlation.allowlist.entries[0].image: an empty text matches nothing")
    #expect(rejection("correlation:\n  allowlist:\n    entries:\n      - {domain_suffix: '.'}\n")
        == "test.yaml:4: correlation.allowlist.entries[0].domain_suffix: '.' is not a domain name (e.g. windowsupdate.com)")
    #expect(rejection("correlation:\n  allowlist:\n    entries:\n      - {host: a}\n")
        == "test.yaml:4: correlation.allowlist.entries[0].host: unknown key (allowed: image, destination, domain_suffix, port)")
    #expect(rejection("correlation:\n  allowlist:\n    include_defaults: maybe\n")
        == "test.yaml:3: correlation.allowlist.include_defaults: 'maybe' is not a boolean (allowed: true, false)")
}

@Test func configuration_readsNewCountryRuleAndGeoIPPaths() throws {
    let configuration = try WFPWatchConfiguration.parse("""
        correlation:
          new_country: {learning_period: 2h, listed_countries: [kp, IR], listed_severity: critical}
        enrichment:
          geoip: {country_database: geo/country.mmdb, asn_database: /var/lib/GeoIP/asn.mmdb}
        """, file: "test.yaml", baseDirectory: "/etc/wfpwatch")
    #expect(configuration.correlation.newCountry.learningPeriod == .seconds(7200))
    #expect(configuration.correlation.newCountry.listedCountries == ["KP", "IR"])
    #expect(configuration.correlation.newCountry.listedSeverity == .critical)
    #expect(configuration.enrichment.countryDatabase == "/etc/wfpwatch/geo/country.mmdb")
    #expect(configuration.enrichment.asnDatabase == "/var/lib/GeoIP/asn.mmdb")

    let dns = try WFPWatchConfiguration.parse(
        "enrichment:\n  dns: {lifetime: 30m, minimum_lifetime: 5m, maximum_lifetime: 2h}\n", file: "test.yaml",
        baseDirectory: "/")
    #expect(dns.enrichment.hosts.dns.defaultLifetime == .seconds(1800))
    #expect(dns.enrichment.hosts.dns.minimumLifetime == .seconds(300))
    #expect(dns.enrichment.hosts.dns.maximumLifetime == .seconds(7200))
    #expect(throws: ConfigurationError.self) {
        try WFPWatchConfiguration.parse(
            "enrichment:\n  dns: {lifetime: 2d, maximum_lifetime: 1d}\n", file: "test.yaml", baseDirectory: "/")
    }
    let shippedPath = TestPaths.packageRoot.appendingPathComponent("config/wfpwatch.yaml").path
    let shipped = try WFPWatchConfiguration.load(path: shippedPath)
    #expect(shipped.enrichment == WFPWatchConfiguration.EnrichmentConfiguration())

    #expect(throws: ConfigurationError.self) {
        try WFPWatchConfiguration.parse(
            "correlation:\n  new_country: {listed_countries: [Russia]}\n", file: "test.yaml", baseDirectory: "/")
    }
}
