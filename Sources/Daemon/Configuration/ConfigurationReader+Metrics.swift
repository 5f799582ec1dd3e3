import Foundation

extension WFPWatchConfiguration {
    /// `metrics:`: the Prometheus endpoint `serve` opens and `wfpwatch status` reads.
    public struct MetricsConfiguration: Equatable, Sendable {
        /// Serve `GET /metrics` at all.
        public var enabled = true
        /// Numeric address to listen on; loopback unless the operator says otherwise.
        public var address = "127.0.0.1"
        public var port: UInt16 = 9514

        public init() {}

        /// `127.0.0.1:9514`, `[::1]:9514`.
        public var listenText: String {
            address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
        }
    }
}

extension ConfigurationReader {
    /// `metrics: {listen: "127.0.0.1:9514", enabled: true}`.
    func readMetrics(_ value: ConfigValue) throws(ConfigurationError) -> WFPWatchConfiguration.MetricsConfiguration {
        let map = try value.mapping(allowedKeys: ["enabled", "listen"])
        var metrics = WFPWatchConfiguration.MetricsConfiguration()

        if let enabled = map["enabled"] { metrics.enabled = try enabled.bool() }
        if let listen = map["listen"] {
            let text = try listen.string()
            guard let endpoint = MetricsEndpointText.parse(text) else {
                throw listen.error(
                    "'\(text)' is not a numeric ADDRESS:PORT (e.g. 127.0.0.1:9514, [::1]:9514; port 1...65535)")
            }
            metrics.address = endpoint.address
            metrics.port = endpoint.port
        }
        return metrics
    }
}

/// `ADDRESS:PORT` with a numeric IPv4 address or a bracketed IPv6 one, as `metrics.listen` and
/// `status --metrics` write them.
package enum MetricsEndpointText {
    package static func parse(_ text: String) -> (address: String, port: UInt16)? {
        let address: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            address = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            // An IPv6 address must be bracketed: in `::1:9514` the port cannot be told apart.
            guard let colon = text.firstIndex(of: ":"), colon == text.lastIndex(of: ":") else { return nil }
            address = text[..<colon]
            portText = text[text.index(after: colon)...]
        }

        guard let port = UInt16(portText), port > 0, isNumericAddress(String(address)) else { return nil }
        return (String(address), port)
    }

    package static func isNumericAddress(_ text: String) -> Bool {
        var storage = in6_addr()
        return inet_pton(AF_INET, text, &storage) == 1 || inet_pton(AF_INET6, text, &storage) == 1
    }
}
