import Foundation
import Receiving
import WFPCore

extension ConfigurationReader {
    private static let listenerKeys = [
        "name", "transport", "address", "port", "max_message_bytes", "max_connections", "idle_timeout",
        "receive_buffer_bytes", "time_zone",
    ]

    func readListeners(_ value: ConfigValue) throws(ConfigurationError) -> [ListenerConfiguration] {
        let items = try value.list()
        guard !items.isEmpty else { throw value.error("at least one listener is needed") }

        var listeners: [ListenerConfiguration] = []
        for item in items {
            let listener = try readListener(item)
            if listeners.contains(where: { $0.name == listener.name }) {
                throw item.error("listener name '\(listener.name)' is used twice (names must be unique)")
            }
            if listeners.contains(where: { $0.transport == listener.transport && $0.port == listener.port
                && $0.address == listener.address }) {
                throw item.error("\(listener.transport.rawValue) \(listener.address):\(listener.port) is configured twice")
            }
            listeners.append(listener)
        }
        return listeners
    }

    private func readListener(_ value: ConfigValue) throws(ConfigurationError) -> ListenerConfiguration {
        let map = try value.mapping(allowedKeys: Self.listenerKeys)
        let transport: ListenerConfiguration.Transport = try map.required("transport").choice([
            ("udp", .udp), ("tcp", .tcp),
        ])
        var listener = ListenerConfiguration(name: transport.rawValue, transport: transport)

        if let address = map["address"] {
            listener.address = try Self.numericAddress(address)
        }
        if let port = map["port"] {
            listener.port = UInt16(try port.integer(in: 1...65_535))
        }
        listener.name = try map["name"]?.string() ?? "\(transport.rawValue)-\(listener.port)"

        // A UDP datagram carries at most 65,507 bytes of payload; TCP frames may be longer.
        let largestMessage = transport == .udp ? 65_535 : 16 * 1024 * 1024
        if let bytes = map["max_message_bytes"] {
            listener.maximumMessageBytes = try bytes.integer(in: 480...largestMessage)
        }
        if let connections = map["max_connections"] {
            listener.maximumConnections = try connections.integer(in: 1...65_536)
        }
        if let timeout = map["idle_timeout"] {
            listener.idleTimeout = try timeout.duration(in: .seconds(1) ... .seconds(7 * 86_400))
        }
        if let buffer = map["receive_buffer_bytes"] {
            listener.receiveBufferBytes = try buffer.integer(in: 4096...1_073_741_824)
        }
        if let zone = map["time_zone"] {
            listener.timeZoneOffsetSeconds = try Self.timeZone(zone)
        }
        return listener
    }

    private static func numericAddress(_ value: ConfigValue) throws(ConfigurationError) -> String {
        let text = try value.string()
        var storage = in6_addr()
        guard inet_pton(AF_INET, text, &storage) == 1 || inet_pton(AF_INET6, text, &storage) == 1 else {
            throw value.error("'\(text)' is not a numeric IPv4 or IPv6 address (e.g. 127.0.0.1, 0.0.0.0, ::1, ::)")
        }
        return text
    }

    /// `UTC`, `Z` or an offset `+02:00`, `-0530`, up to ±14:00.
    package static func timeZone(_ value: ConfigValue) throws(ConfigurationError) -> Int {
        let text = try value.string()
        guard let offset = TimeZoneText.offsetSeconds(text) else {
            throw value.error("'\(text)' is not a time zone (allowed: UTC, or an offset from -14:00 to +14:00 like +02:00)")
        }
        return offset
    }
}

/// Time zones as the configuration and the command line write them.
package enum TimeZoneText {
    package static func offsetSeconds(_ text: String) -> Int? {
        if text == "UTC" || text == "Z" || text == "utc" { return 0 }
        let bytes = Array(text.utf8)
        guard bytes.count == 6 || bytes.count == 5, bytes[0] == 0x2B || bytes[0] == 0x2D else { return nil }
        let digits = bytes.count == 6 ? [bytes[1], bytes[2], bytes[4], bytes[5]] : Array(bytes[1...4])
        guard bytes.count == 5 || bytes[3] == 0x3A, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }

        let hours = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30)
        let minutes = Int(digits[2] - 0x30) * 10 + Int(digits[3] - 0x30)
        guard minutes < 60, hours * 60 + minutes <= 14 * 60 else { return nil }
        return (bytes[0] == 0x2D ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
