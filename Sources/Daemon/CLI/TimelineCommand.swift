import Enrichment
import EventDecoding
import Receiving
import SyslogParsing
import WFPCore

package struct TimelineOptions: Equatable {
    package var host = ""
    /// RFC 3339 bounds of the events shown, both inclusive.
    package var from: String?
    package var to: String?
    package var configPath: String?
    package var timeZone: String?
    package var files: [String] = []
}

/// `wfpwatch timeline`: the events of one host from capture files, decoded as `replay` decodes
/// them, one readable line each in time order (the lines alerts carry in their timeline).
package enum TimelineCommand {
    package static func run(_ options: TimelineOptions) -> ExitCode {
        let configuration: WFPWatchConfiguration
        switch WFPWatchCommandLine.loadConfiguration(path: options.configPath, required: false) {
        case .success(let loaded): configuration = loaded
        case .failure(let error):
            StandardStreams.error("\(error)\n")
            return .configuration
        }
        let range: ClosedRange<Timestamp>
        var listener = Self.listener(for: configuration)
        do {
            if let zone = try CommandLineValues.timeZone(options.timeZone) { listener.timeZoneOffsetSeconds = zone }
            range = try timeRange(options)
        } catch {
            StandardStreams.error("wfpwatch: \(error.message)\nSee 'wfpwatch timeline --help'.\n")
            return .usage
        }

        guard let inputs = StreamInput.openAll(options.files, command: "timeline") else { return .noInput }
        defer { inputs.forEach { $0.close() } }

        var collector = TimelineCollector(host: options.host, range: range)
        let status = read(inputs, listener: listener, logLevel: configuration.logLevel, into: &collector)
        let lines = collector.entries.map(\.line)
        if lines.isEmpty {
            StandardStreams.error("wfpwatch: timeline: no events of host '\(options.host)' in the input and range\n")
        }
        StandardStreams.output(lines.map { $0 + "\n" }.joined())
        return status
    }

    /// The listener replay reads as: the first TCP listener's (else the first one's) message
    /// limit and zone.
    private static func listener(for configuration: WFPWatchConfiguration) -> ListenerConfiguration {
        let template = configuration.listeners.first(where: { $0.transport == .tcp }) ?? configuration.listeners.first
        return ListenerConfiguration(
            name: "timeline", transport: .tcp, maximumMessageBytes: template?.maximumMessageBytes ?? 64 * 1024,
            timeZoneOffsetSeconds: template?.timeZoneOffsetSeconds ?? 0)
    }

    private static func timeRange(_ options: TimelineOptions) throws(UsageError) -> ClosedRange<Timestamp> {
        let from = try CommandLineValues.timestamp(options.from, option: "--from")
        let to = try CommandLineValues.timestamp(options.to, option: "--to")
        let lower = from ?? Timestamp(nanosecondsSinceEpoch: .min)
        let upper = to ?? Timestamp(nanosecondsSinceEpoch: .max)
        guard lower <= upper else {
            throw UsageError(message: "--from '\(options.from ?? "")' is after --to '\(options.to ?? "")'")
        }
        return lower...upper
    }

    /// Frames, parses and decodes every input as replay's pipeline does, on this thread.
    private static func read(
        _ inputs: [StreamInput], listener: ListenerConfiguration, logLevel: LogLevel,
        into collector: inout TimelineCollector
    ) -> ExitCode {
        let log = Log(backend: StandardErrorLogBackend(), minimumLevel: logLevel)
        let counters = PipelineCounters(metrics: MetricsRegistry())
        var status = ExitCode.success
        for input in inputs {
            let processor = FrameProcessor(
                listenerName: listener.name, source: input.name,
                parser: SyslogParser(timeZoneOffsetSeconds: listener.timeZoneOffsetSeconds),
                decoder: PayloadDecoder(options: DecoderOptions(timeZoneOffsetSeconds: listener.timeZoneOffsetSeconds)),
                counters: counters, log: log)
            var framer = TCPFramer(maximumMessageBytes: listener.maximumMessageBytes)
            do {
                try input.feed(
                    through: &framer,
                    frame: { frame, info in
                        guard let event = processor.process(frame, info: info, receivedAt: input.modifiedAt) else {
                            return
                        }
                        collector.add(event)
                    },
                    endOfRead: {})
            } catch {
                StandardStreams.error("wfpwatch: timeline: \(error.path): \(error.reason)\n")
                status = .ioError
            }
        }
        return status
    }
}
