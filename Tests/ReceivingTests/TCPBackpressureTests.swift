import Foundation
import Synchronization
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

/// Counts frames without copying them, and blocks in its first `endOfRead` until opened, as a
/// full pipeline would.
final class GatedCountingSink: MessageSink, Sendable {
    private let gate = DispatchSemaphore(value: 0)
    private let blockedOnce = Atomic<Bool>(false)
    let frames = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
    let closed = Atomic<Int>(0)
    let senderFinished = Atomic<Bool>(false)

    func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp) {
        frames.add(1, ordering: .relaxed)
        bytes.add(frame.count, ordering: .relaxed)
    }

    func endOfRead() {
        if !blockedOnce.exchange(true, ordering: .relaxed) { gate.wait() }
    }

    func close() { closed.add(1, ordering: .relaxed) }
    func open() { gate.signal() }
}

@Suite struct TCPBackpressureTests {
    @Test func tcpListener_stopsReadingWhileSinkBlocks_andLosesNothing_case28() throws {
        let sink = GatedCountingSink()
        let (log, _) = makeLog()
        let listener = TCPListener(
            configuration: ListenerConfiguration(name: "b", transport: .tcp, port: 0),
            makeSink: { _, _ in sink }, metrics: MetricsRegistry(), log: log)
        try listener.start()
        defer { listener.stop() }

        let line = try Fixtures.bugInput("28")
        let lineCount = 300_000
        let stream = repeated(line, count: lineCount)
        let client = connectClient(port: listener.boundPort)
        let sender = Thread {
            sendAll(client, stream)
            close(client)
            sink.senderFinished.store(true, ordering: .relaxed)
        }
        sender.start()

        usleep(300_000)
        let finishedWhileBlocked = sink.senderFinished.load(ordering: .relaxed)
        #expect(!finishedWhileBlocked, "the sender should block while the sink does")
        sink.open()

        #expect(eventually { sink.closed.load(ordering: .relaxed) == 1 })
        let (finished, frames, bytes) = (
            sink.senderFinished.load(ordering: .relaxed), sink.frames.load(ordering: .relaxed),
            sink.bytes.load(ordering: .relaxed)
        )
        #expect(finished)
        #expect(frames == lineCount)
        #expect(bytes == lineCount * (line.count - 1))
    }
}

/// `bytes` repeated `count` times, built with block copies (joining arrays is slow in debug builds).
func repeated(_ bytes: [UInt8], count: Int) -> [UInt8] {
    var stream = [UInt8](repeating: 0, count: bytes.count * count)
    stream.withUnsafeMutableBytes { target in
        bytes.withUnsafeBytes { source in
            for index in 0..<count {
                let destination = target.baseAddress! + index * source.count
                destination.copyMemory(from: source.baseAddress!, byteCount: source.count)
            }
        }
    }
    return stream
}
