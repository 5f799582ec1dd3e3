/// One value of the configuration tree together with where it sits (file and key path), so
/// that every typed read can fail with a located `ConfigurationError`.
package struct ConfigValue {
    package var node: YAMLNode
    package var keyPath: String
    package var file: String

    package var line: Int { node.line }

    package func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, keyPath: keyPath, message: message)
    }

    /// The value as a mapping whose keys are all in `allowedKeys`; each key at most once.
    package func mapping(allowedKeys: [String]) throws(ConfigurationError) -> ConfigMapping {
        if case .scalar(let scalar) = node, scalar.isNull {
            return ConfigMapping(entries: [:], owner: self)
        }
        guard case .mapping(let entries, _) = node else { throw error("expected a map of keys, found \(shape)") }

        var table: [String: ConfigValue] = [:]
        for (key, value) in entries {
            let path = keyPath.isEmpty ? key.text : keyPath + "." + key.text
            let located = ConfigurationError(file: file, line: key.line, keyPath: path, message: "")
            guard allowedKeys.contains(key.text) else {
                throw located.with("unknown key (allowed: \(allowedKeys.joined(separator: ", ")))")
            }
            guard table[key.text] == nil else { throw located.with("key appears twice in the same map") }
            table[key.text] = ConfigValue(node: value, keyPath: path, file: file)
        }
        return ConfigMapping(entries: table, owner: self)
    }

    package func list() throws(ConfigurationError) -> [ConfigValue] {
        if case .scalar(let scalar) = node, scalar.isNull { return [] }
        guard case .sequence(let items, _) = node else { throw error("expected a list, found \(shape)") }
        return items.enumerated().map { ConfigValue(node: $1, keyPath: "\(keyPath)[\($0)]", file: file) }
    }

    package func string() throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a text value, found \(shape)") }
        guard !scalar.isNull else { throw error("expected a text value, found nothing") }
        return scalar.text
    }

    package func bool() throws(ConfigurationError) -> Bool {
        guard case .scalar(let scalar) = node, scalar.isPlain else {
            throw error("expected true or false, found \(shape)")
        }
        switch scalar.text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error("'\(scalar.text)' is not a boolean (allowed: true, false)")
        }
    }

    package func integer(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard case .scalar(let scalar) = node, scalar.isPlain else {
            throw error("expected a whole number in \(range.lowerBound)...\(range.upperBound), found \(shape)")
        }
        let digits = scalar.text.replacingUnderscores()
        guard let value = Int(digits) else {
            throw error("'\(scalar.text)' is not a whole number (allowed \(range.lowerBound)...\(range.upperBound))")
        }
        guard range.contains(value) else {
            throw error("\(value) is out of range (allowed \(range.lowerBound)...\(range.upperBound))")
        }
        return value
    }

    /// A number strictly between 0 and 1, written `0.05` or `1e-6`.
    package func fraction() throws(ConfigurationError) -> Double {
        guard case .scalar(let scalar) = node, scalar.isPlain else {
            throw error("expected a number above 0 and below 1, found \(shape)")
        }
        guard let value = Double(scalar.text.replacingUnderscores()), value.isFinite else {
            throw error("'\(scalar.text)' is not a number (allowed above 0 and below 1, e.g. 0.05 or 1e-6)")
        }
        guard value > 0 && value < 1 else {
            throw error("\(scalar.text) is out of range (allowed above 0 and below 1)")
        }
        return value
    }

    /// A duration written `90s`, `10m`, `1h30m`, `250ms`, `1d`, within `range`.
    package func duration(in range: ClosedRange<Duration>) throws(ConfigurationError) -> Duration {
        let text = try string()
        guard let value = DurationText.parse(text) else {
            throw error("'\(text)' is not a duration (write a number and a unit: ms, s, m, h, d; e.g. 30s, 10m)")
        }
        guard range.contains(value) else {
            let limits = "\(DurationText.format(range.lowerBound))...\(DurationText.format(range.upperBound))"
            throw error("\(text) is out of range (allowed \(limits))")
        }
        return value
    }

    /// One of a fixed set of words, e.g. a severity or a transport.
    package func choice<T>(_ options: [(String, T)]) throws(ConfigurationError) -> T {
        let text = try string()
        guard let match = options.first(where: { $0.0 == text }) else {
            throw error("'\(text)' is not allowed (allowed: \(options.map(\.0).joined(separator: ", ")))")
        }
        return match.1
    }

    private var shape: String {
        switch node {
        case .scalar(let scalar): scalar.isNull ? "nothing" : "'\(scalar.text)'"
        case .mapping: "a map"
        case .sequence: "a list"
        }
    }
}

/// The keys of one configuration map, each already checked against the allowed set.
package struct ConfigMapping {
    package var entries: [String: ConfigValue]
    package var owner: ConfigValue

    package subscript(_ key: String) -> ConfigValue? { entries[key] }

    /// The value of a key that must be present.
    package func required(_ key: String) throws(ConfigurationError) -> ConfigValue {
        guard let value = entries[key] else { throw owner.error("missing required key '\(key)'") }
        return value
    }
}

extension ConfigurationError {
    fileprivate func with(_ message: String) -> ConfigurationError {
        var copy = self
        copy.message = message
        return copy
    }
}

extension String {
    /// `65_536` reads as `65536`, as YAML 1.1 allows.
    fileprivate func replacingUnderscores() -> String {
        String(unicodeScalars.filter { $0 != "_" })
    }
}
