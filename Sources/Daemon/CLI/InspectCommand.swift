import EventDecoding
import Receiving
import SyslogParsing
import WFPCore

/// `wfpwatch inspect`: one JSON line per message of a capture, showing framing, header and
/// decoding, without detection.
package enum InspectCommand {
    package static func run(_ options: InspectOptions) -> ExitCode {
        let zone: Int
        do {
            zone = try CommandLineValues.timeZone(options.timeZone) ?? 0
        } catch {
            StandardStreams.error("wfpwatch: \(error.message)\nSee 'wfpwatch inspect --help'.\n")
            return .usage
        }
        let input: StreamInput
        do {
            input = try StreamInput.open(options.file)
        } catch {
            StandardStreams.error("wfpwatch: inspect: \(error.path): \(error.reason)\n")
            return .noInput
        }
        defer { input.close() }

        let parser = SyslogParser(timeZoneOffsetSeconds: zone)
        let decoder = PayloadDecoder(options: DecoderOptions(timeZoneOffsetSeconds: zone))
        let receivedAt = input.modifiedAt
        let report = { (frame: UnsafeRawBufferPointer, info: FrameInfo) in
            let header = parser.parse(frame, receivedAt: receivedAt)
            let outcome = decoder.decode(
                frame: frame, header: header, receivedAt: receivedAt, truncated: info.truncated)
            StandardStreams.output(InspectReport.line(frame: frame, info: info, header: header, outcome: outcome) + "\n")
        }

        do {
            switch options.transport {
            case .tcp:
                var framer = Stages.makeStreamFramer(maximumMessageBytes: ListenerConfiguration.tcpDefaultMessageBytes)
                try input.feed(through: &framer, frame: report, endOfRead: {})
            case .udp:
                let datagram = try input.readAll(upTo: 65_535)
                datagram.bytes.withUnsafeBytes {
                    let info = FrameInfo(
                        framing: .datagram, truncated: datagram.truncated, originalLength: datagram.length)
                    report($0, info)
                }
            }
        } catch {
            StandardStreams.error("wfpwatch: inspect: \(error.path): \(error.reason)\n")
            return .ioError
        }
        return .success
    }
}

extension ListenerConfiguration {
    /// The TCP message limit when no configuration says otherwise.
    fileprivate static let tcpDefaultMessageBytes = ListenerConfiguration(name: "", transport: .tcp).maximumMessageBytes
}

extension StreamInput {
    /// The whole input as one datagram, cut at `limit` bytes.
    fileprivate func readAll(upTo limit: Int) throws(FileReadError) -> (bytes: [UInt8], length: Int, truncated: Bool) {
        var bytes: [UInt8] = []
        var framer: any StreamFraming = WholeStream()
        try feed(through: &framer, frame: { frame, _ in bytes.append(contentsOf: frame) }, endOfRead: {})
        return (Array(bytes.prefix(limit)), bytes.count, bytes.count > limit)
    }
}

/// Hands every chunk on unchanged (a datagram is not framed).
private struct WholeStream: StreamFraming {
    mutating func consume(_ chunk: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void) {
        emit(chunk, FrameInfo(framing: .datagram, originalLength: chunk.count))
    }

    mutating func finish(_ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void) {}
}
