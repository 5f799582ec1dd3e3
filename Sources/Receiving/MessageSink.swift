import WFPCore

/// The sending side of a connection or datagram, as the listener saw it.
public struct PeerAddress: Hashable, Sendable, CustomStringConvertible {
    /// Numeric address, e.g. `127.0.0.1` or `::1`.
    public var address: String
    public var port: UInt16

    public init(address: String, port: UInt16) {
        self.address = address
        self.port = port
    }

    public var description: String {
        address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}

/// Receives the frames of one TCP connection or of one UDP socket. A listener calls it from
/// one thread at a time, so it may keep mutable per-connection state without locks.
///
/// `frame` points into the listener's receive buffer and is valid only during the call:
/// parse it in place and copy out only what is kept.
public protocol MessageSink: AnyObject {
    func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp)
    /// A UDP listener calls this instead, naming the sender of each datagram (a sink serves
    /// every sender of the socket). The default forwards to `receive(frame:info:receivedAt:)`.
    func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp, from peer: PeerAddress)
    /// Called once after the frames of each read. The sink may hand a batch on here, and may
    /// block while the pipeline is full: the listener then stops reading that connection and
    /// TCP slows the sender.
    func endOfRead()
    /// The connection ended (or the listener stopped); no further calls follow.
    func close()
}

extension MessageSink {
    public func receive(
        frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp, from peer: PeerAddress
    ) {
        receive(frame: frame, info: info, receivedAt: receivedAt)
    }
}

/// Makes the sink for a new connection (TCP), or for one decode thread of a UDP socket (made
/// when the thread gets its first datagrams; a socket has up to `decodeThreads` sinks).
public typealias MessageSinkFactory = @Sendable (PeerAddress, ListenerConfiguration) -> any MessageSink
