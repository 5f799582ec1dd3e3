import Alerting
import Foundation

extension ConfigurationReader {
    /// Letters, digits, `-` and `_`: the name labels metrics and names the dead-letter file.
    static func webhookName(_ value: ConfigValue) throws(ConfigurationError) -> String {
        let name = try nonEmpty(value)
        guard name.count <= 64, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
            || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else { throw value.error("'\(name)' is not a webhook name (letters, digits, - and _, at most 64)") }
        return name
    }

    /// An absolute http or https URL with a host. The query may hold a token, so errors show
    /// only the scheme and host.
    static func webhookURL(_ value: ConfigValue) throws(ConfigurationError) -> String {
        let text = try nonEmpty(value)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw value.error("is not a URL (write e.g. https://hooks.example.com/wfpwatch)")
        }
        guard scheme == "http" || scheme == "https" else {
            throw value.error("scheme '\(scheme)' is not allowed (allowed: http, https)")
        }
        guard let host = url.host, !host.isEmpty else { throw value.error("has no host") }
        return text
    }

    /// `{Name: value}`; a value may hold `${secret}`.
    static func headers(_ value: ConfigValue) throws(ConfigurationError) -> [WebhookConfiguration.Header] {
        guard case .mapping(let entries, _) = value.node else {
            throw value.error("expected a map of header names to values")
        }
        var headers: [WebhookConfiguration.Header] = []
        for (key, node) in entries {
            let item = ConfigValue(node: node, keyPath: value.keyPath + "." + key.text, file: value.file)
            let name = try headerName(ConfigValue(node: .scalar(key), keyPath: item.keyPath, file: value.file))
            let text = try item.string()
            guard !text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw item.error("a header value cannot hold a line break")
            }
            headers.append(.init(name: name, value: text))
        }
        return headers
    }

    static func headerName(_ value: ConfigValue) throws(ConfigurationError) -> String {
        let name = try nonEmpty(value)
        let allowed = Set("!#$%&'*+-.^_`|~".unicodeScalars)
        guard name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
            || ("0"..."9").contains($0) || allowed.contains($0)) })
        else { throw value.error("'\(name)' is not an HTTP header name") }
        return name
    }
}
