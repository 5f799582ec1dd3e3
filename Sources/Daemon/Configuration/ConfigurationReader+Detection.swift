import Detection
import WFPCore

extension ConfigurationReader {
    private static let ruleKeys = ["enabled", "severity", "public_severity", "scopes"]

    func readDetection(_ value: ConfigValue) throws(ConfigurationError) -> DetectionConfiguration {
        let map = try value.mapping(allowedKeys: ["suspicious_process", "high_risk_port", "threat_intel"])
        var detection = DetectionConfiguration()

        if let section = map["suspicious_process"] {
            try readSuspiciousProcess(section, into: &detection.suspiciousProcess)
        }
        if let section = map["high_risk_port"] {
            try readHighRiskPort(section, into: &detection.highRiskPort)
        }
        if let section = map["threat_intel"] {
            try readThreatIntel(section, into: &detection.threatIntel)
        }
        return detection
    }

    private func readSuspiciousProcess(
        _ value: ConfigValue, into rule: inout DetectionConfiguration.SuspiciousProcessRule
    ) throws(ConfigurationError) {
        let map = try value.mapping(allowedKeys: Self.ruleKeys + ["images", "path_fragments", "parents"])
        try Self.readCommon(map, enabled: &rule.enabled, severity: &rule.severity,
            publicSeverity: &rule.publicSeverity, scopes: &rule.scopes)

        if let images = map["images"] { rule.images = try Self.lowercasedList(images) }
        if let fragments = map["path_fragments"] { rule.pathFragments = try Self.lowercasedList(fragments) }
        if let parents = map["parents"] { rule.parents = try Self.lowercasedList(parents) }
    }

    /// A list of non-empty strings, lower-cased (images and paths compare without case).
    private static func lowercasedList(_ value: ConfigValue) throws(ConfigurationError) -> [String] {
        try value.list().map { item throws(ConfigurationError) in try nonEmpty(item).lowercased() }
    }

    private func readHighRiskPort(
        _ value: ConfigValue, into rule: inout DetectionConfiguration.HighRiskPortRule
    ) throws(ConfigurationError) {
        let map = try value.mapping(allowedKeys: Self.ruleKeys + ["ports"])
        try Self.readCommon(map, enabled: &rule.enabled, severity: &rule.severity,
            publicSeverity: &rule.publicSeverity, scopes: &rule.scopes)

        if let ports = map["ports"] {
            var set: Set<UInt16> = []
            for item in try ports.list() {
                set.insert(UInt16(try item.integer(in: 1...65_535)))
            }
            rule.ports = set
        }
    }

    private func readThreatIntel(
        _ value: ConfigValue, into rule: inout DetectionConfiguration.ThreatIntelRule
    ) throws(ConfigurationError) {
        let map = try value.mapping(allowedKeys: Self.ruleKeys + ["files"])
        try Self.readCommon(map, enabled: &rule.enabled, severity: &rule.severity,
            publicSeverity: &rule.publicSeverity, scopes: &rule.scopes)

        if let files = map["files"] {
            rule.files = try files.list().map { item throws(ConfigurationError) in resolve(try Self.nonEmpty(item)) }
        }
    }

    /// The keys every rule has.
    private static func readCommon(
        _ map: ConfigMapping, enabled: inout Bool, severity: inout Severity, publicSeverity: inout Severity,
        scopes: inout Set<AddressScope>
    ) throws(ConfigurationError) {
        if let value = map["enabled"] { enabled = try value.bool() }
        if let value = map["severity"] { severity = try Self.severity(value) }
        if let value = map["public_severity"] { publicSeverity = try Self.severity(value) }
        if let value = map["scopes"] { scopes = try Self.scopes(value, allowEmpty: false) }
    }

    static func nonEmpty(_ value: ConfigValue) throws(ConfigurationError) -> String {
        let text = try value.string()
        guard !text.isEmpty else { throw value.error("an empty text matches nothing") }
        return text
    }
}
