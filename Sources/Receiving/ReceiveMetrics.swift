import WFPCore

/// The counters every listener bumps, looked up once per listener.
struct ReceiveMetrics: Sendable {
    let receivedBytes: Counter
    let receivedMessages: Counter
    let framesTruncated: Counter
    /// UDP: datagrams from senders outside `allowedSources`.
    let refusedDatagrams: Counter
    /// UDP: datagrams the kernel dropped before the listener could read them.
    let kernelDrops: Counter
    /// TCP: frames cut short when the listener stopped, dropped undecoded.
    let framesIncompleteAtStop: Counter

    init(_ registry: MetricsRegistry, _ configuration: ListenerConfiguration) {
        let name = configuration.name
        let transport = configuration.transportLabel
        receivedBytes = registry.counter("wfpwatch_received_bytes_total", ["listener": name, "transport": transport])
        receivedMessages = registry.counter(
            "wfpwatch_received_messages_total", ["listener": name, "transport": transport])
        framesTruncated = registry.counter(
            "wfpwatch_frames_truncated_total", ["listener": name, "transport": transport])
        refusedDatagrams = registry.counter(
            "wfpwatch_datagrams_refused_total", ["listener": name, "transport": transport, "reason": "source"])
        kernelDrops = registry.counter("wfpwatch_udp_kernel_drops_total", ["listener": name])
        framesIncompleteAtStop = registry.counter(
            "wfpwatch_frames_incomplete_at_stop_total", ["listener": name, "transport": transport])
    }
}

/// The TCP connection counters and the open-connection gauge of one listener.
struct ConnectionMetrics: Sendable {
    enum CloseReason: String, Sendable {
        case eof
        case idle
        case error
        case stop
        /// In the middle of a frame for longer than the slow-sender timeout.
        case slow
        /// The TLS handshake failed or the client certificate was not allowed.
        case refused
    }

    /// Why a connection was closed as soon as it was accepted.
    enum RefusalReason: String, Sendable, CaseIterable {
        /// `maximumConnections` open already.
        case limit
        /// The sender is outside `allowedSources`.
        case source
        /// The sender holds `maximumConnectionsPerSource` connections already.
        case perSource = "per_source"
    }

    let accepted: Counter
    private let refused: [RefusalReason: Counter]
    let openConnections: Gauge
    private let closed: [CloseReason: Counter]

    init(_ registry: MetricsRegistry, _ configuration: ListenerConfiguration) {
        let name = configuration.name
        let transport = configuration.transportLabel
        accepted = registry.counter(
            "wfpwatch_connections_accepted_total", ["listener": name, "transport": transport])
        var refused: [RefusalReason: Counter] = [:]
        for reason in RefusalReason.allCases {
            refused[reason] = registry.counter(
                "wfpwatch_connections_refused_total",
                ["listener": name, "transport": transport, "reason": reason.rawValue])
        }
        self.refused = refused
        openConnections = registry.gauge("wfpwatch_open_connections", ["listener": name, "transport": transport])

        var closed: [CloseReason: Counter] = [:]
        for reason in [CloseReason.eof, .idle, .error, .stop, .slow, .refused] {
            closed[reason] = registry.counter(
                "wfpwatch_connections_closed_total",
                ["listener": name, "transport": transport, "reason": reason.rawValue])
        }
        self.closed = closed
    }

    func closed(_ reason: CloseReason) -> Counter { closed[reason]! }
    func refused(_ reason: RefusalReason) -> Counter { refused[reason]! }
}

/// `wfpwatch_tls_handshake_failures_total` of one TLS listener, one counter per reason.
struct TLSMetrics: Sendable {
    private let failures: [TLSRefusal: Counter]

    init(_ registry: MetricsRegistry, _ configuration: ListenerConfiguration) {
        var failures: [TLSRefusal: Counter] = [:]
        for reason in TLSRefusal.allCases {
            failures[reason] = registry.counter(
                "wfpwatch_tls_handshake_failures_total", ["listener": configuration.name, "reason": reason.rawValue])
        }
        self.failures = failures
    }

    func failure(_ reason: TLSRefusal) -> Counter { failures[reason]! }
}
