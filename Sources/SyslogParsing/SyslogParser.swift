import WFPCore

/// Parses RFC 5424 and RFC 3164 headers (with the variants real senders produce) in place.
public struct SyslogParser: Sendable {
    /// Zone for timestamps that carry none, in seconds east of UTC.
    public var timeZoneOffsetSeconds: Int

    public init(timeZoneOffsetSeconds: Int = 0) {
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    }

    /// Parses `frame`. Never fails: a frame without a recognizable header is `.unstructured`
    /// with PRI 13, the receive time, and the whole frame as message. `receivedAt` resolves
    /// missing years (the year closest to receipt) and missing timestamps.
    public func parse(_ frame: UnsafeRawBufferPointer, receivedAt: Timestamp) -> SyslogHeader {
        // Placeholder until the header parser lands: everything is unstructured.
        SyslogHeader(
            format: .unstructured, priority: 13, hasPriority: false, timestamp: receivedAt,
            timestampSource: .receiver, message: 0..<frame.count)
    }
}
