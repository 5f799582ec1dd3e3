/// One syslog listener as configured.
public struct ListenerConfiguration: Equatable, Sendable {
    public enum Transport: String, Sendable {
        case udp
        case tcp
    }

    public var name: String
    public var transport: Transport
    /// Numeric address to bind (IPv4 or IPv6).
    public var address: String
    public var port: UInt16
    /// Longest message handed on whole; longer ones are cut and flagged truncated.
    public var maximumMessageBytes: Int
    /// TCP: open connections beyond this are refused and counted.
    public var maximumConnections: Int
    /// TCP: a connection that sends nothing for this long is closed.
    public var idleTimeout: Duration
    /// UDP: SO_RCVBUF requested (the kernel may grant less; the granted size is logged).
    public var receiveBufferBytes: Int
    /// Zone for timestamps that carry none (RFC 3164 times, NXLog EventTime), seconds east of UTC.
    public var timeZoneOffsetSeconds: Int

    public init(
        name: String, transport: Transport, address: String = "127.0.0.1", port: UInt16 = 5514,
        maximumMessageBytes: Int = 64 * 1024, maximumConnections: Int = 1024,
        idleTimeout: Duration = .seconds(600), receiveBufferBytes: Int = 16 * 1024 * 1024,
        timeZoneOffsetSeconds: Int = 0
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
    }
}
