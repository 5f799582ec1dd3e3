import Detection
import WFPCore

extension ConfigurationReader {
    private static let entryKeys = ["image", "destination", "domain_suffix", "port"]

    func readAllowlist(_ value: ConfigValue) throws(ConfigurationError) -> AllowlistConfiguration {
        let map = try value.mapping(allowedKeys: ["include_defaults", "entries"])
        var allowlist = AllowlistConfiguration()

        if let include = map["include_defaults"] { allowlist.includeDefaults = try include.bool() }
        if let entries = map["entries"] {
            allowlist.entries = try entries.list().map { item throws(ConfigurationError) in try readEntry(item) }
        }
        return allowlist
    }

    /// One entry; every key it sets must match for the entry to silence a connection.
    private func readEntry(_ value: ConfigValue) throws(ConfigurationError) -> AllowlistConfiguration.Entry {
        let map = try value.mapping(allowedKeys: Self.entryKeys)
        guard !map.entries.isEmpty else {
            throw value.error("an entry with no key would match nothing (give at least one of: "
                + Self.entryKeys.joined(separator: ", ") + ")")
        }
        var entry = AllowlistConfiguration.Entry()

        if let image = map["image"] { entry.image = try Self.nonEmpty(image).lowercased() }
        if let destination = map["destination"] {
            let text = try destination.string()
            guard let block = CIDRBlock(text) else {
                throw destination.error(
                    "'\(text)' is not an address or CIDR block (e.g. 10.0.0.0/8, 168.63.129.16, 2001:db8::/32)")
            }
            entry.destination = block
        }
        if let suffix = map["domain_suffix"] {
            var name = try Self.nonEmpty(suffix).lowercased()
            if name.hasPrefix(".") { name.removeFirst() }
            if name.hasSuffix(".") { name.removeLast() }
            guard !name.isEmpty, !name.contains(" ") else {
                throw suffix.error("'\(try suffix.string())' is not a domain name (e.g. windowsupdate.com)")
            }
            entry.domainSuffix = name
        }
        if let port = map["port"] { entry.port = UInt16(try port.integer(in: 1...65_535)) }
        return entry
    }
}
