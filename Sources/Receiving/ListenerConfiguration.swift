import WFPCore

/// One syslog listener as configured.
public struct ListenerConfiguration: Equatable, Sendable {
    public enum Transport: String, Sendable {
        case udp
        case tcp
    }

    public var name: String
    /// The socket type. A TLS listener (RFC 5425) is a `.tcp` listener whose `tls` is set.
    public var transport: Transport
    /// Numeric address to bind (IPv4 or IPv6).
    public var address: String
    public var port: UInt16
    /// Longest message handed on whole; longer ones are cut and flagged truncated. This also
    /// bounds the bytes a TCP or TLS connection buffers: only a frame spanning reads is carried,
    /// and never more than this much of it.
    public var maximumMessageBytes: Int
    /// TCP: open connections beyond this are refused and counted.
    public var maximumConnections: Int
    /// TCP: a connection that sends nothing for this long is closed.
    public var idleTimeout: Duration
    /// UDP: SO_RCVBUF requested (the kernel may grant less; the granted size is logged).
    public var receiveBufferBytes: Int
    /// Zone for timestamps that carry none (RFC 3164 times, NXLog EventTime), seconds east of UTC.
    public var timeZoneOffsetSeconds: Int
    /// TCP only: when set, connections speak TLS (RFC 5425) with these certificates.
    public var tls: TLSConfiguration?
    /// Which senders are served, how many connections each may hold, how slow they may be.
    public var senderControl: SenderControl
    /// UDP: bytes of received datagrams that may wait for (or be in) decoding. When they are
    /// all taken the reader stops reading and datagrams wait in the socket buffer.
    public var queueBytes: Int
    /// UDP: threads that parse and decode the datagrams; 0 means one per processor.
    public var decodeThreads: Int

    public init(
        name: String, transport: Transport, address: String = "127.0.0.1", port: UInt16 = 5514,
        maximumMessageBytes: Int = 64 * 1024, maximumConnections: Int = 1024,
        idleTimeout: Duration = .seconds(600), receiveBufferBytes: Int = 16 * 1024 * 1024,
        timeZoneOffsetSeconds: Int = 0, tls: TLSConfiguration? = nil, senderControl: SenderControl = SenderControl(),
        queueBytes: Int = ListenerConfiguration.defaultQueueBytes, decodeThreads: Int = 0
    ) {
        self.name = name
        self.transport = transport
        self.address = address
        self.port = port
        self.maximumMessageBytes = maximumMessageBytes
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
        self.receiveBufferBytes = receiveBufferBytes
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
        self.tls = tls
        self.senderControl = senderControl
        self.queueBytes = queueBytes
        self.decodeThreads = decodeThreads
    }

    /// Room for a burst of 50,000 datagrams of 1.4 KB (the ingest benchmark's UDP run) on top
    /// of what the socket buffer holds.
    public static let defaultQueueBytes = 128 * 1024 * 1024

    /// `udp`, `tcp` or `tls`: the transport as logs and metric labels name it.
    public var transportLabel: String {
        tls != nil ? "tls" : transport.rawValue
    }
}
