import WFPCore

/// The counters every listener bumps, looked up once per listener.
struct ReceiveMetrics: Sendable {
    let receivedBytes: Counter
    let receivedMessages: Counter
    let framesTruncated: Counter

    init(_ registry: MetricsRegistry, _ configuration: ListenerConfiguration) {
        let name = configuration.name
        let transport = configuration.transport.rawValue
        receivedBytes = registry.counter("wfpwatch_received_bytes_total", ["listener": name, "transport": transport])
        receivedMessages = registry.counter(
            "wfpwatch_received_messages_total", ["listener": name, "transport": transport])
        framesTruncated = registry.counter(
            "wfpwatch_frames_truncated_total", ["listener": name, "transport": transport])
    }
}

/// The TCP connection counters and the open-connection gauge of one listener.
struct ConnectionMetrics: Sendable {
    enum CloseReason: String, Sendable {
        case eof
        case idle
        case error
        case stop
    }

    let accepted: Counter
    let refusedAtLimit: Counter
    let openConnections: Gauge
    private let closed: [CloseReason: Counter]

    init(_ registry: MetricsRegistry, _ configuration: ListenerConfiguration) {
        let name = configuration.name
        let transport = configuration.transport.rawValue
        accepted = registry.counter(
            "wfpwatch_connections_accepted_total", ["listener": name, "transport": transport])
        refusedAtLimit = registry.counter(
            "wfpwatch_connections_refused_total", ["listener": name, "transport": transport, "reason": "limit"])
        openConnections = registry.gauge("wfpwatch_open_connections", ["listener": name, "transport": transport])

        var closed: [CloseReason: Counter] = [:]
        for reason in [CloseReason.eof, .idle, .error, .stop] {
            closed[reason] = registry.counter(
                "wfpwatch_connections_closed_total",
                ["listener": name, "transport": transport, "reason": reason.rawValue])
        }
        self.closed = closed
    }

    func closed(_ reason: CloseReason) -> Counter { closed[reason]! }
}
