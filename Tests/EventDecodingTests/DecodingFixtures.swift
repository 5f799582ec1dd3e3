import Foundation
import SyslogParsing
import WFPCore
@testable import EventDecoding

/// Shared helpers: real captures read by path, and events fed the way the syslog stage would
/// hand them over (a hand-built header, since header parsing is another stage's work).
enum DecodingFixtures {
    static let receivedAt = Timestamp(secondsSinceEpoch: 1_700_000_000)

    static var sharedDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
    }

    static func realCaptureLines(_ name: String) throws -> [[UInt8]] {
        let url = sharedDirectory.appendingPathComponent("data/real/\(name)")
        let data = try Data(contentsOf: url)
        return data.split(separator: UInt8(ascii: "\n")).map { Array($0) }
    }

    static func bugInput(_ number: String) throws -> [UInt8] {
        Array(try Data(contentsOf: sharedDirectory.appendingPathComponent("bug-inputs/\(number).bin")))
    }

    /// Decodes a whole line as an unstructured syslog message (no header, receive time).
    static func decode(_ line: [UInt8], options: DecoderOptions = DecoderOptions()) -> DecodeOutcome {
        line.withUnsafeBytes { frame in
            let header = SyslogHeader(
                format: .unstructured, priority: 13, hasPriority: false, timestamp: receivedAt,
                timestampSource: .receiver, message: 0..<frame.count)
            return PayloadDecoder(options: options).decode(
                frame: frame, header: header, receivedAt: receivedAt, truncated: false)
        }
    }

    static func decode(_ line: String, options: DecoderOptions = DecoderOptions()) -> DecodeOutcome {
        decode(Array(line.utf8), options: options)
    }

    /// Decodes `frame` with a header whose hostname, app name, time and message are given as
    /// ranges, as an RFC 3164 parser would report them.
    static func decode(
        frame bytes: [UInt8], hostname: Range<Int>?, appName: Range<Int>? = nil, headerTime: Timestamp?,
        message: Range<Int>
    ) -> DecodeOutcome {
        bytes.withUnsafeBytes { frame in
            let header = SyslogHeader(
                format: .rfc3164, priority: 14, hasPriority: true, timestamp: headerTime ?? receivedAt,
                timestampSource: headerTime == nil ? .receiver : .message, hostname: hostname, appName: appName,
                message: message)
            return PayloadDecoder().decode(frame: frame, header: header, receivedAt: receivedAt, truncated: false)
        }
    }

    static func event(_ outcome: DecodeOutcome) -> NormalizedEvent? {
        if case .event(let event) = outcome { return event }
        return nil
    }

    static func failure(_ outcome: DecodeOutcome) -> DecodeFailure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }

    static func time(_ text: String) -> Timestamp {
        var copy = text
        return copy.withUTF8 { DateTimeText.parse(UnsafeRawBufferPointer($0))!.timestamp }
    }
}

/// Outcomes of a capture counted by what they became, e.g. `5156 connection`, `5158 skipped`.
struct OutcomeTally {
    var counts: [String: Int] = [:]
    var failures: [String] = []

    init(_ lines: [[UInt8]], include: ([UInt8]) -> Bool = { _ in true }) {
        for line in lines where include(line) {
            switch DecodingFixtures.decode(line) {
            case .event(let event): counts["\(event.eventID) \(event.kind.rawValue)", default: 0] += 1
            case .skipped(.eventNotAnalysed(let id)): counts["\(id) skipped", default: 0] += 1
            case .skipped(.notWindowsEvent): counts["not windows", default: 0] += 1
            case .failed(let failure): failures.append(failure.description)
            }
        }
    }
}
