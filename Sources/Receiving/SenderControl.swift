import WFPCore

/// Limits on who may send to a listener and how.
public struct SenderControl: Equatable, Sendable {
    /// When not empty, only senders inside one of these blocks are served (TCP connections from
    /// others are closed at once, UDP datagrams dropped); both are counted with reason `source`.
    public var allowedSources: [CIDRBlock]
    /// TCP: open connections per sender address beyond this are refused (reason `per_source`).
    public var maximumConnectionsPerSource: Int?
    /// TCP: a connection in the middle of a frame that has not completed one for this long is
    /// closed, however often it trickles bytes (the idle timeout is reset by any byte).
    public var slowSenderTimeout: Duration?

    public init(
        allowedSources: [CIDRBlock] = [], maximumConnectionsPerSource: Int? = nil, slowSenderTimeout: Duration? = nil
    ) {
        self.allowedSources = allowedSources
        self.maximumConnectionsPerSource = maximumConnectionsPerSource
        self.slowSenderTimeout = slowSenderTimeout
    }

    /// True when `peer` may send: no list is configured, or its address lies in a listed block.
    package func allows(_ peer: PeerAddress) -> Bool {
        guard !allowedSources.isEmpty else { return true }
        guard let address = IPAddress(peer.address) else { return false }
        return allowedSources.contains { $0.contains(address) }
    }
}
