/// Turns one UDP datagram into one frame: the datagram is the message.
public enum DatagramFramer {
    /// The frame of `datagram`, or nil when nothing is left of it. A single trailing LF or CRLF
    /// (and a trailing NUL some senders add) is removed; CR, LF and TAB inside are kept. A
    /// message longer than `maximumMessageBytes` is cut and flagged truncated.
    public static func frame(
        _ datagram: UnsafeRawBufferPointer, maximumMessageBytes: Int
    ) -> (bytes: UnsafeRawBufferPointer, info: FrameInfo)? {
        var length = datagram.count
        if length > 0 && datagram[length - 1] == 0x00 { length -= 1 }
        if length > 0 && datagram[length - 1] == 0x0A {
            length -= 1
            if length > 0 && datagram[length - 1] == 0x0D { length -= 1 }
        }
        guard length > 0 else { return nil }

        let handedOn = min(length, maximumMessageBytes)
        let info = FrameInfo(framing: .datagram, truncated: length > maximumMessageBytes, originalLength: length)
        return (UnsafeRawBufferPointer(rebasing: datagram[0..<handedOn]), info)
    }
}
