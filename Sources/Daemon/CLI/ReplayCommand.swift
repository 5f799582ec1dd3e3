import Alerting
import Receiving
import WFPCore

/// `wfpwatch replay`: capture files through the same framing, parsing, decoding and detection
/// as `serve`, with one worker so that alerts come out in input order, as JSON lines on stdout.
package enum ReplayCommand {
    package static func run(_ options: ReplayOptions) -> ExitCode {
        let configuration: WFPWatchConfiguration
        switch WFPWatchCommandLine.loadConfiguration(path: options.configPath, required: false) {
        case .success(let loaded): configuration = loaded
        case .failure(let error):
            StandardStreams.error("\(error)\n")
            return .configuration
        }
        let template = configuration.listeners.first(where: { $0.transport == .tcp }) ?? configuration.listeners.first
        var listener = ListenerConfiguration(
            name: "replay", transport: .tcp, maximumMessageBytes: template?.maximumMessageBytes ?? 64 * 1024,
            timeZoneOffsetSeconds: template?.timeZoneOffsetSeconds ?? 0)
        let receivedAt: Timestamp?
        do {
            if let zone = try CommandLineValues.timeZone(options.timeZone) { listener.timeZoneOffsetSeconds = zone }
            receivedAt = try CommandLineValues.timestamp(options.receivedAt, option: "--received-at")
        } catch {
            StandardStreams.error("wfpwatch: \(error.message)\nSee 'wfpwatch replay --help'.\n")
            return .usage
        }

        guard let inputs = StreamInput.openAll(options.files, command: "replay") else { return .noInput }
        defer { inputs.forEach { $0.close() } }
        return replay(inputs, configuration: configuration, listener: listener, receivedAt: receivedAt,
            printStatistics: options.printStatistics)
    }

    private static func replay(
        _ inputs: [StreamInput], configuration: WFPWatchConfiguration, listener: ListenerConfiguration,
        receivedAt: Timestamp?, printStatistics: Bool
    ) -> ExitCode {
        let metrics = MetricsRegistry()
        let log = Log(backend: StandardErrorLogBackend(), minimumLevel: configuration.logLevel)
        let makeAnalyzer: EventAnalyzerFactory
        do {
            makeAnalyzer = try RuleAnalyzer.factory(configuration, metrics: metrics, log: log)
        } catch {
            StandardStreams.error("wfpwatch: \(error.message)\n")
            return error.exitCode
        }
        let pipeline = Pipeline(
            workerCount: 1, queueEvents: configuration.pipeline.queueEvents, makeAnalyzer: makeAnalyzer,
            sinks: [JSONLinesSink(fileDescriptor: 1)], metrics: metrics, log: log)

        var status = ExitCode.success
        for input in inputs {
            let sink = pipeline.makeSink(source: input.name, listener: listener)
            let time = receivedAt ?? input.modifiedAt
            var framer = TCPFramer(maximumMessageBytes: listener.maximumMessageBytes)
            do {
                try input.feed(
                    through: &framer, frame: { sink.receive(frame: $0, info: $1, receivedAt: time) },
                    endOfRead: { sink.endOfRead() })
            } catch {
                StandardStreams.error("wfpwatch: replay: \(error.path): \(error.reason)\n")
                status = .ioError
            }
            sink.close()
        }
        pipeline.stop()

        if printStatistics { StandardStreams.error(ReplayStatistics.render(metrics)) }
        return status
    }
}

/// Option values shared by replay and inspect.
package enum CommandLineValues {
    package static func timeZone(_ text: String?) throws(UsageError) -> Int? {
        guard let text else { return nil }
        guard let offset = TimeZoneText.offsetSeconds(text) else {
            throw UsageError(message: "--time-zone '\(text)' is not a time zone (allowed: UTC, or an offset like +02:00)")
        }
        return offset
    }

    package static func timestamp(_ text: String?, option: String) throws(UsageError) -> Timestamp? {
        guard let text else { return nil }
        var copy = text
        let parsed = copy.withUTF8 { DateTimeText.parse(UnsafeRawBufferPointer($0)) }
        guard let parsed, parsed.hadZone, parsed.length == text.utf8.count else {
            throw UsageError(message: "\(option) '\(text)' is not an RFC 3339 time with a zone (e.g. 2024-12-04T15:30:00Z)")
        }
        return parsed.timestamp
    }
}
