import EventDecoding
import Receiving
import SyslogParsing
import WFPCore

/// Parses and decodes the frames of one connection or socket on the receiving thread and
/// counts what each frame turned out to be. Bad input is counted and logged (rate-limited,
/// with listener and peer), never fatal.
package struct FrameProcessor {
    package let listenerName: String
    /// Where the frames come from, as warnings name it: the TCP connection's sender, a replayed
    /// file's name; for UDP the listener's own address, replaced per datagram by its sender.
    package let source: String
    package let parser: SyslogParser
    package let decoder: PayloadDecoder
    package let counters: PipelineCounters
    package let log: Log

    /// The event in `frame`, or nil when it holds none (counted by reason). `sender` names the
    /// datagram's sender in warnings (default: `peer`).
    package func process(
        _ frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp, sender: PeerAddress? = nil
    ) -> NormalizedEvent? {
        // Named only when a warning is logged: a datagram's sender as text costs a string per frame.
        func peer() -> String { sender?.description ?? source }
        if info.truncated {
            counters.truncatedMessages.add()
            log.rateLimited(.warning, "message truncated", [
                ("listener", listenerName), ("peer", peer()), ("bytes", String(info.originalLength)),
            ])
        }
        if !SyslogText.isValidUTF8(frame) {
            counters.invalidUTF8Messages.add()
            log.rateLimited(.warning, "message is not valid UTF-8", [
                ("listener", listenerName), ("peer", peer()),
            ])
        }

        let header = parser.parse(frame, receivedAt: receivedAt)
        switch decoder.decode(frame: frame, header: header, receivedAt: receivedAt, truncated: info.truncated) {
        case .event(let event):
            counters.event(event.kind).add()
            return event
        case .skipped(.eventNotAnalysed):
            counters.skippedNotAnalysed.add()
        case .skipped(.notWindowsEvent):
            counters.skippedNotWindowsEvent.add()
        case .failed(let failure):
            counters.failure(failure.reason).add()
            log.rateLimited(.warning, "event could not be decoded", [
                ("listener", listenerName), ("peer", peer()), ("reason", failure.reason.rawValue),
                ("detail", failure.detail),
            ])
        }
        return nil
    }
}
