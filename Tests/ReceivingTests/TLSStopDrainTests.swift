import Dispatch
import Foundation
import Synchronization
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

// Stopping a TLS listener right after a sender's last write: every record the kernel already
// holds for the connection is decrypted and its lines reach the sink before the close, and a
// frame cut short by the stop is counted as such, not handed on half.

/// One short RFC 5424 line.
private func plainLine(_ number: Int) -> String {
    "<14>1 2026-01-15T10:00:00Z ws7 app - - - line \(number)\n"
}

/// The head of an NXLog JSON event whose rest never comes.
private let partialFrame = #"<14>1 2026-01-15T10:00:00Z ws7 nxlog - - - {"EventID":5156,"Hostname":"#

/// Records like `RecordingSink`, but the first frame blocks the connection's reads until `open()`,
/// so that what the sender writes meanwhile waits in the kernel.
private final class GatedSink: MessageSink, Sendable {
    let recording: RecordingSink
    private let gate = DispatchSemaphore(value: 0)
    private let state = Mutex((reached: false, opened: false))

    init(connectionPeer: PeerAddress) {
        recording = RecordingSink(connectionPeer: connectionPeer)
    }

    func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp) {
        recording.receive(frame: frame, info: info, receivedAt: receivedAt)
        let first = state.withLock { gateState in
            defer { gateState.reached = true }
            return !gateState.reached
        }
        if first { gate.wait() }
    }

    func endOfRead() { recording.endOfRead() }
    func close() { recording.close() }

    var reached: Bool { state.withLock { $0.reached } }

    /// Lets the blocked read go on; later calls do nothing.
    func open() {
        let first = state.withLock { gateState in
            defer { gateState.opened = true }
            return !gateState.opened
        }
        if first { gate.signal() }
    }
}

private func labels(_ extra: [String: String] = [:]) -> [String: String] {
    ["listener": "tls-test", "transport": "tls"].merging(extra) { $1 }
}

@Suite(.serialized, .timeLimit(.minutes(2)))
struct TLSStopDrainTests {
    @Test func tlsListener_stop_readsRecordsKernelHeld_andCountsFrameCutShort() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let (registry, sinks) = (MetricsRegistry(), SinkList { GatedSink(connectionPeer: $0) })
        let configuration = ListenerConfiguration(
            name: "tls-test", transport: .tcp, port: 0, tls: certificates.serverTLS())
        let listener = TCPListener(
            configuration: configuration, makeSink: sinks.factory, metrics: registry, log: makeLog().0)
        try listener.start()
        var stopped = false
        defer {
            sinks.all.forEach { $0.open() }
            if !stopped { listener.stop() }
        }

        // The first line blocks the connection's reads inside the sink.
        let client = try #require(TestTLSClient(port: listener.boundPort, certificates: certificates, client: "client-a"))
        defer { client.close() }
        #expect(client.send("<14>gate\n"))
        try #require(eventually { sinks.all.first?.reached ?? false }, "reads did not reach the gate")
        let sink = try #require(sinks.all.first)

        // One record per line, as a sender writing each message as it comes: more records than
        // one wake-up reads (`recordsPerRead`), yet few enough bytes (~58 KiB) for the receive
        // buffer of a socket not read from (about 128 KiB on loopback).
        let lines = (0..<800).map(plainLine)
        for line in lines { try #require(client.send(line)) }
        try #require(client.send(partialFrame))
        let delivered = client.waitUntilDelivered()
        try #require(delivered, "the kernel did not take the burst: \(client.unsentBytes) bytes unsent")

        // Stopping right after the gate opens: the stop, not the read source, must read the rest.
        sink.open()
        listener.stop()
        stopped = true

        let texts = sink.recording.texts
        #expect(texts.count == lines.count + 1, "\(texts.count) frames, last \(texts.last ?? "none")")
        #expect(texts == ["<14>gate"] + lines.map { String($0.dropLast()) })
        #expect(counterValue(registry, "wfpwatch_frames_incomplete_at_stop_total", labels()) == 1)
        #expect(counterValue(registry, "wfpwatch_received_messages_total", labels()) == lines.count + 1)
        #expect(counterValue(registry, "wfpwatch_connections_closed_total", labels(["reason": "stop"])) == 1)
        #expect(sink.recording.snapshot.closeCalls == 1)
        #expect(client.serverClosed())
    }

    @Test func tlsListener_stop_countsRecordCutShort() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
        let listener = try startTLSListener(certificates.serverTLS(), registry: registry, recorder: recorder)
        var stopped = false
        defer { if !stopped { listener.stop() } }

        let client = try #require(TestTLSClient(port: listener.boundPort, certificates: certificates, client: "client-a"))
        defer { client.close() }
        #expect(client.send(plainLine(1)))
        try #require(eventually { recorder.all.first?.texts.count == 1 }, "the first line did not arrive")

        // An application-data record header announcing 100 bytes, and only 10 of them.
        let cutRecord: [UInt8] = [0x17, 0x03, 0x03, 0x00, 0x64] + Array(repeating: 0x41, count: 10)
        let written = cutRecord.withUnsafeBytes { send(client.socketDescriptor, $0.baseAddress, $0.count, 0) }
        try #require(written == cutRecord.count)
        try #require(client.waitUntilDelivered())
        // Whether the listener read the cut record already or reads it while stopping, the rest
        // never comes.
        listener.stop()
        stopped = true

        #expect(recorder.all.first?.texts == [String(plainLine(1).dropLast())])
        #expect(counterValue(registry, "wfpwatch_frames_incomplete_at_stop_total", labels()) == 1)
        #expect(counterValue(registry, "wfpwatch_connections_closed_total", labels(["reason": "stop"])) == 1)
    }
}
