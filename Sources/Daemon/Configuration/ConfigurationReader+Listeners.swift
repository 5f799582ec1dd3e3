import Foundation
import Receiving
import WFPCore

extension ConfigurationReader {
    private static let listenerKeys = [
        "name", "transport", "address", "port", "max_message_bytes", "max_connections", "idle_timeout",
        "receive_buffer_bytes", "time_zone", "tls", "allowed_sources", "max_connections_per_source",
        "slow_sender_timeout", "queue_bytes", "decode_threads",
    ]
    private static let tlsKeys = ["certificate", "key", "client_ca", "allowed_subjects"]

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
                throw item.error("\(listener.transportLabel) \(listener.address):\(listener.port) is configured twice")
            }
            listeners.append(listener)
        }
        return listeners
    }

    private func readListener(_ value: ConfigValue) throws(ConfigurationError) -> ListenerConfiguration {
        let map = try value.mapping(allowedKeys: Self.listenerKeys)
        // `tls` is a TCP socket whose connections speak TLS; its `tls` map is read below.
        let transportName = try map.required("transport").choice([("udp", "udp"), ("tcp", "tcp"), ("tls", "tls")])
        let transport: ListenerConfiguration.Transport = transportName == "udp" ? .udp : .tcp
        var listener = ListenerConfiguration(name: transportName, transport: transport)

        if let address = map["address"] {
            listener.address = try Self.numericAddress(address)
        }
        if let port = map["port"] {
            listener.port = UInt16(try port.integer(in: 1...65_535))
        }
        listener.name = try map["name"]?.string() ?? "\(transportName)-\(listener.port)"

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
        if let bytes = map["queue_bytes"] {
            guard transport == .udp else { throw bytes.error("is valid only with transport: udp") }
            listener.queueBytes = try bytes.integer(in: 1_048_576...17_179_869_184)
        }
        if let threads = map["decode_threads"] {
            guard transport == .udp else { throw threads.error("is valid only with transport: udp") }
            listener.decodeThreads = try threads.integer(in: 1...256)
        }
        if let zone = map["time_zone"] {
            listener.timeZoneOffsetSeconds = try Self.timeZone(zone)
        }

        listener.tls = try readTLS(map, transportName: transportName)
        listener.senderControl = try readSenderControl(map, transport: transport)
        return listener
    }

    /// The `tls` map: required with `transport: tls`, refused with any other transport. Every
    /// file must be readable now, so that a typo fails at load rather than at the first sender.
    private func readTLS(_ map: ConfigMapping, transportName: String) throws(ConfigurationError) -> TLSConfiguration? {
        guard transportName == "tls" else {
            if let tls = map["tls"] { throw tls.error("is valid only with transport: tls") }
            return nil
        }
        let tls = try map.required("tls").mapping(allowedKeys: Self.tlsKeys)
        var configuration = TLSConfiguration(
            certificatePath: try readableFile(tls.required("certificate")),
            keyPath: try readableFile(tls.required("key")))

        if let clientCA = tls["client_ca"] {
            configuration.clientCAPath = try readableFile(clientCA)
        }
        if let subjects = tls["allowed_subjects"] {
            configuration.allowedSubjects = try subjects.list().map { (item) throws(ConfigurationError) in
                try item.string()
            }
            guard configuration.clientCAPath != nil || configuration.allowedSubjects.isEmpty else {
                throw subjects.error("needs client_ca: subjects are read from verified client certificates")
            }
        }
        return configuration
    }

    private func readableFile(_ value: ConfigValue) throws(ConfigurationError) -> String {
        let path = resolve(try value.string())
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw value.error("cannot read file '\(path)' (missing or not readable)")
        }
        return path
    }

    private func readSenderControl(
        _ map: ConfigMapping, transport: ListenerConfiguration.Transport
    ) throws(ConfigurationError) -> SenderControl {
        var control = SenderControl()
        if let sources = map["allowed_sources"] {
            for item in try sources.list() {
                let text = try item.string()
                guard let block = CIDRBlock(text) else {
                    throw item.error("'\(text)' is not an address block (e.g. 10.0.0.0/8, 192.0.2.7, 2001:db8::/32)")
                }
                control.allowedSources.append(block)
            }
        }
        if let perSource = map["max_connections_per_source"] {
            guard transport == .tcp else { throw perSource.error("is valid only with transport: tcp or tls") }
            control.maximumConnectionsPerSource = try perSource.integer(in: 1...65_536)
        }
        if let slow = map["slow_sender_timeout"] {
            guard transport == .tcp else { throw slow.error("is valid only with transport: tcp or tls") }
            control.slowSenderTimeout = try slow.duration(in: .seconds(1) ... .seconds(86_400))
        }
        return control
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
