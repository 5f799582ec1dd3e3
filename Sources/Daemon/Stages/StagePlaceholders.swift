#if !WFPWATCH_STAGES_MERGED
import Alerting
import Detection
import EventDecoding
import Receiving
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

// Stand-ins for `Stages` (Stages.swift) while this branch is built without the listeners,
// framer, rules and sinks of the other stages. Building with `-Xswiftc -DWFPWATCH_STAGES_MERGED`
// uses the real ones; this whole file goes away once they are merged. Until then the daemon
// cannot listen and raises no alerts.

package enum Stages {
    package static let frameProcessing = FrameProcessingOptions(isValidUTF8: { _ in true })

    package static func makeStreamFramer(maximumMessageBytes: Int) -> any StreamFraming {
        LineFeedFramerStandIn(maximumMessageBytes: maximumMessageBytes)
    }

    package static func makeListener(
        _ configuration: ListenerConfiguration, makeSink: @escaping MessageSinkFactory, metrics: MetricsRegistry,
        log: Log
    ) -> ListenerHandle {
        ListenerHandle(
            name: configuration.name,
            start: { throw StageSetupError("listeners are not built into this binary", exitCode: .software) },
            stop: {}, boundPort: { nil })
    }

    package static func makeAnalyzerFactory(
        detection: DetectionConfiguration, suppressionWindow: Duration
    ) throws(StageSetupError) -> EventAnalyzerFactory {
        try IntelFiles.checkReadable(detection.threatIntel.enabled ? detection.threatIntel.files : [])
        return { _ in NoAnalysisStandIn() }
    }

    package static func makeAlertSinks(
        _ alerts: WFPWatchConfiguration.AlertsConfiguration, metrics: MetricsRegistry, log: Log
    ) throws(StageSetupError) -> [any AlertSink] {
        []
    }

    package static func makeStandardOutputAlertSink() -> any AlertSink {
        DiscardingSinkStandIn()
    }

    package static func makeJournalLogBackend() -> any LogBackend {
        StandardErrorLogBackend()
    }
}

private struct NoAnalysisStandIn: EventAnalyzer {
    mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert]) {}
}

private final class DiscardingSinkStandIn: AlertSink {
    func deliver(_ alert: Alert) {}
    func flush() {}
}

/// Newline framing only, with the line cut at the maximum and flagged truncated.
private struct LineFeedFramerStandIn: StreamFraming {
    let maximumMessageBytes: Int
    var partial: [UInt8] = []

    mutating func consume(_ chunk: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void) {
        var start = 0
        while start < chunk.count {
            let rest = UnsafeRawBufferPointer(rebasing: chunk[start...])
            guard let found = memchr(rest.baseAddress!, 0x0A, rest.count) else {
                partial.append(contentsOf: rest)
                return
            }
            let length = UnsafeRawPointer(found) - rest.baseAddress!
            partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<length]))
            emitPartial(emit)
            start += length + 1
        }
    }

    mutating func finish(_ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void) {
        if !partial.isEmpty { emitPartial(emit) }
    }

    private mutating func emitPartial(_ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void) {
        if partial.last == 0x0D { partial.removeLast() }
        let kept = min(partial.count, maximumMessageBytes)
        let info = FrameInfo(framing: .lineFeed, truncated: kept < partial.count, originalLength: partial.count)
        partial.withUnsafeBytes { emit(UnsafeRawBufferPointer(rebasing: $0[0..<kept]), info) }
        partial.removeAll(keepingCapacity: true)
    }
}
#endif
