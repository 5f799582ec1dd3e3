import WFPCore

/// A parsed syslog header. Text fields are byte ranges into the frame the parser was given,
/// so parsing copies nothing; callers materialize only what they keep.
public struct SyslogHeader: Equatable, Sendable {
    public enum Format: String, Sendable {
        case rfc5424
        case rfc3164
        /// No recognizable header (not even a PRI): the whole frame is the message.
        case unstructured
    }

    public enum TimestampSource: String, Sendable {
        case message
        case receiver
    }

    public var format: Format
    /// Priority value (facility * 8 + severity); 13 (user.notice) when the frame had none.
    public var priority: UInt8
    public var hasPriority: Bool
    public var timestamp: Timestamp
    public var timestampSource: TimestampSource
    /// The timestamp carried no zone and was read in the listener's configured zone.
    public var timeZoneAssumed: Bool
    /// Cisco-style `*` before the time: the sender's clock was not synchronized.
    public var clockUnsynchronized: Bool
    /// Sequence number some devices put before the timestamp (`83: *Feb 28 ...`).
    public var sequence: Int?
    public var hostname: Range<Int>?
    public var appName: Range<Int>?
    public var procID: Range<Int>?
    public var msgID: Range<Int>?
    /// RFC 5424 structured data, brackets included; nil for NILVALUE or RFC 3164.
    public var structuredData: Range<Int>?
    /// The message body (after a UTF-8 BOM, if any).
    public var message: Range<Int>

    public var facility: UInt8 { priority >> 3 }
    public var severity: UInt8 { priority & 7 }

    public init(
        format: Format, priority: UInt8, hasPriority: Bool, timestamp: Timestamp,
        timestampSource: TimestampSource, timeZoneAssumed: Bool = false,
        clockUnsynchronized: Bool = false, sequence: Int? = nil, hostname: Range<Int>? = nil,
        appName: Range<Int>? = nil, procID: Range<Int>? = nil, msgID: Range<Int>? = nil,
        structuredData: Range<Int>? = nil, message: Range<Int>
    ) {
        self.format = format
        self.priority = priority
        self.hasPriority = hasPriority
        self.timestamp = timestamp
        self.timestampSource = timestampSource
        self.timeZoneAssumed = timeZoneAssumed
        self.clockUnsynchronized = clockUnsynchronized
        self.sequence = sequence
        self.hostname = hostname
        self.appName = appName
        self.procID = procID
        self.msgID = msgID
        self.structuredData = structuredData
        self.message = message
    }
}
