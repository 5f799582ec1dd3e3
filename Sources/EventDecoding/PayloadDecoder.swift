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
        let body = PayloadDecoder.trimmedBody(frame, header.message)
        // The hostname stays in the frame: most events name the same machine and keep no copy.
        let syslogHostname = header.hostname.map { PayloadDecoder.slice(frame, $0) }
            ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let envelope = WindowsEventNormalizer.Envelope(
            syslogHostname: nil, headerTime: header.timestampSource == .message ? header.timestamp : nil,
            receivedAt: receivedAt, truncated: truncated)
        let normalizer = Normalizer(
            normalizer: WindowsEventNormalizer(options: options), envelope: envelope, syslogHostname: syslogHostname)

        switch PayloadSniffer.format(body: body, appName: header.appName.map { PayloadDecoder.slice(frame, $0) }) {
        case .json:
            switch JSONEventExtractor.extract(body) {
            case .fields(let fields, let format):
                return normalizer.normalize(fields, format: format)
            case .notWindowsEvent: return .skipped(.notWindowsEvent)
            case .failed(let failure): return .failed(failure)
            }
        case .eventXML:
            var fields = EventFields()
            guard EventXMLExtractor.extract(body, into: &fields) else {
                return .failed(DecodeFailure(.malformedXML, "Event"))
            }
            return normalizer.normalize(fields, format: .eventXML)
        case .snare:
            var fields = EventFields()
            guard SnareExtractor.extract(body, into: &fields) else {
                return .failed(DecodeFailure(.malformedSnare, "MSWinEventLog"))
            }
            return normalizer.normalize(fields, format: .snare)
        case .renderedText:
            var fields = EventFields()
            guard RenderedTextExtractor.extract(body, into: &fields) else {
                return .failed(DecodeFailure(.missingField, "rendered message fields"))
            }
            return normalizer.normalize(fields, format: .renderedText)
        case nil:
            return .skipped(.notWindowsEvent)
        }
    }

    /// The normalizer with what it needs from the syslog layer, valid while the frame is.
    private struct Normalizer {
        var normalizer: WindowsEventNormalizer
        var envelope: WindowsEventNormalizer.Envelope
        var syslogHostname: UnsafeRawBufferPointer

        func normalize(_ fields: EventFields, format: PayloadFormat) -> DecodeOutcome {
            normalizer.normalize(fields, format: format, envelope: envelope, syslogHostname: syslogHostname)
        }
    }

    /// The message bytes without leading whitespace; empty if the range lies outside the frame.
    private static func trimmedBody(_ frame: UnsafeRawBufferPointer, _ range: Range<Int>) -> UnsafeRawBufferPointer {
        var body = slice(frame, range)
        while let first = body.first, first == 0x20 || first == 0x09 || first == 0x0D || first == 0x0A {
            body = UnsafeRawBufferPointer(rebasing: body[1...])
        }
        return body
    }

    private static func slice(_ frame: UnsafeRawBufferPointer, _ range: Range<Int>) -> UnsafeRawBufferPointer {
        let clamped = range.clamped(to: 0..<frame.count)
        return UnsafeRawBufferPointer(rebasing: frame[clamped])
    }
}
