/// What the framer knows about one message it cut from the stream.
public struct FrameInfo: Equatable, Sendable {
    public enum Framing: String, Sendable {
        case octetCounted = "octet_counted"
        case lineFeed = "line_feed"
        case datagram
    }

    public var framing: Framing
    /// The message was longer than the configured maximum; only its first bytes are handed on.
    public var truncated: Bool
    /// Length of the whole message on the wire, including the part that was skipped.
    public var originalLength: Int

    public init(framing: Framing, truncated: Bool = false, originalLength: Int) {
        self.framing = framing
        self.truncated = truncated
        self.originalLength = originalLength
    }
}
