import EventDecoding
import Receiving
import SyslogParsing
import WFPCore

/// `wfpwatch inspect`: one JSON line per message of a capture, showing framing, header and
/// decoding, without detection.
package enum InspectCommand {
    package static func run(_ options: InspectOptions) -> ExitCode {
        let listener: ListenerConfiguration
        switch self.listener(options) {
        case .chosen(let configured): listener = configured
        case .failed(let status): return status
        }
        let input: StreamInput
        do {
            input = try StreamInput.open(options.file)
        } catch {
            StandardStreams.error("wfpwatch: inspect: \(error.path): \(error.reason)\n")
            return .noInput
        }
        defer { input.close() }

        let zone = listener.timeZoneOffsetSeconds
        let parser = SyslogParser(timeZoneOffsetSeconds: zone)
        let decoder = PayloadDecoder(options: DecoderOptions(timeZoneOffsetSeconds: zone))
        let receivedAt = input.modifiedAt
        let report = { (frame: UnsafeRawBufferPointer, info: FrameInfo) in
            let header = parser.parse(frame, receivedAt: receivedAt)
            let outcome = decoder.decode(
                frame: frame, header: header, receivedAt: receivedAt, truncated: info.truncated)
            let line = InspectReport.line(frame: frame, info: info, header: header, outcome: outcome)
            StandardStreams.output(line + "\n")
        }

        do {
            switch options.transport {
            case .tcp:
                var framer = TCPFramer(maximumMessageBytes: listener.maximumMessageBytes)
                try input.feed(through: &framer, frame: report, endOfRead: {})
            case .udp:
                let datagram = try input.readAll(upTo: listener.maximumMessageBytes)
                datagram.bytes.withUnsafeBytes {
                    let info = FrameInfo(
                        framing: .datagram, truncated: datagram.length > $0.count, originalLength: datagram.length)
                    report($0, info)
                }
            }
        } catch {
            StandardStreams.error("wfpwatch: inspect: \(error.path): \(error.reason)\n")
            return .ioError
        }
        return .success
    }

    /// The listener whose limit and zone apply: the configuration's first of the transport
    /// (built-in defaults without a configuration), with `--time-zone` winning.
    private static func listener(_ options: InspectOptions) -> ListenerChoice {
        let configuration: WFPWatchConfiguration
        switch WFPWatchCommandLine.loadConfiguration(path: options.configPath, required: options.configPath != nil) {
        case .success(let loaded): configuration = loaded
        case .failure(let error):
            StandardStreams.error("\(error)\n")
            return .failed(.configuration)
        }
        var listener = configuration.listeners.first { $0.transport == options.transport }
            ?? ListenerConfiguration(name: "inspect", transport: options.transport)
        do {
            if let zone = try CommandLineValues.timeZone(options.timeZone) { listener.timeZoneOffsetSeconds = zone }
        } catch {
            StandardStreams.error("wfpwatch: \(error.message)\nSee 'wfpwatch inspect --help'.\n")
            return .failed(.usage)
        }
        return .chosen(listener)
    }

    private enum ListenerChoice {
        case chosen(ListenerConfiguration)
        case failed(ExitCode)
    }
}
