import SyslogParsing
import WFPCore

/// Why a message produced no event although nothing was wrong with it.
public enum SkipReason: Hashable, Sendable {
    /// A Windows event whose id wfpwatch does not analyse (5158, 4624, Sysmon 7, ...).
    case eventNotAnalysed(UInt32)
    /// A syslog message that is not a Windows event in any known format.
    case notWindowsEvent
}

/// Why a message that looked like a Windows event could not be decoded.
public struct DecodeFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable, CaseIterable {
        case malformedJSON = "malformed_json"
        case malformedXML = "malformed_xml"
        case malformedSnare = "malformed_snare"
        case missingField = "missing_field"
        case invalidAddress = "invalid_address"
        case invalidNumber = "invalid_number"
        case invalidTimestamp = "invalid_timestamp"
    }

    public var reason: Reason
    /// The field or construct at fault, e.g. `DestAddress`.
    public var detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue): \(detail)" }
}

public enum DecodeOutcome: Sendable {
    case event(NormalizedEvent)
    case skipped(SkipReason)
    case failed(DecodeFailure)
}

public struct DecoderOptions: Equatable, Sendable {
    /// Zone for event times that carry none (NXLog EventTime), seconds east of UTC.
    public var timeZoneOffsetSeconds: Int

    public init(timeZoneOffsetSeconds: Int = 0) {
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
    }
}

/// Recognizes the payload format of a syslog message body and decodes it.
public struct PayloadDecoder: Sendable {
    public var options: DecoderOptions

    public init(options: DecoderOptions = DecoderOptions()) {
        self.options = options
    }

    /// Decodes the message of `frame` described by `header`. The relay is the header's hostname;
    /// the event's own computer name becomes the host.
    public func decode(
        frame: UnsafeRawBufferPointer, header: SyslogHeader, receivedAt: Timestamp, truncated: Bool
    ) -> DecodeOutcome {
        // Placeholder until the decoders land.
        .skipped(.notWindowsEvent)
    }
}
