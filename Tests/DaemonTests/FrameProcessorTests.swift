import Foundation
import Receiving
import Testing
import WFPCore

@testable import Daemon

/// A frame that decodes to nothing and carries a byte that is not UTF-8, so it is warned about.
private let invalidFrame = Array("<14>Dec  4 15:30:01 proxy01 app: bad byte ".utf8) + [0xFF]

@Test func pipelineMessageSink_namesTheDatagramSender_notTheListener_inUDPWarnings() {
    let backend = RecordingLogBackend()
    let pipeline = Pipeline(
        workerCount: 1, queueEvents: 64, makeAnalyzer: { AlertEveryEventAnalyzer(worker: $0, seen: nil) }, sinks: [],
        metrics: MetricsRegistry(), log: Log(backend: backend))
    let listenerAddress = PeerAddress(address: "127.0.0.1", port: 5514)
    let listener = ListenerConfiguration(name: "udp", transport: .udp)
    let sink: any MessageSink = pipeline.makeSinkFactory()(listenerAddress, listener)

    let senders = [PeerAddress(address: "192.0.2.7", port: 51_000), PeerAddress(address: "2001:db8::9", port: 514)]
    for sender in senders {
        invalidFrame.withUnsafeBytes {
            let info = FrameInfo(framing: .datagram, originalLength: $0.count)
            sink.receive(frame: $0, info: info, receivedAt: WallClock.now(), from: sender)
        }
    }
    sink.close()
    pipeline.stop()

    #expect(backend.values(of: "peer", message: "message is not valid UTF-8")
        == ["192.0.2.7:51000", "[2001:db8::9]:514"])
    #expect(backend.values(of: "listener", message: "message is not valid UTF-8") == ["udp", "udp"])
}

@Test func pipelineMessageSink_namesTheConnectionPeer_inTCPWarnings() {
    let backend = RecordingLogBackend()
    let pipeline = Pipeline(
        workerCount: 1, queueEvents: 64, makeAnalyzer: { AlertEveryEventAnalyzer(worker: $0, seen: nil) }, sinks: [],
        metrics: MetricsRegistry(), log: Log(backend: backend))
    let peer = PeerAddress(address: "127.0.0.1", port: 40_000)
    let sink = pipeline.makeSinkFactory()(peer, ListenerConfiguration(name: "tcp", transport: .tcp))

    invalidFrame.withUnsafeBytes {
        let info = FrameInfo(framing: .lineFeed, originalLength: $0.count)
        sink.receive(frame: $0, info: info, receivedAt: WallClock.now())
    }
    sink.close()
    pipeline.stop()

    #expect(backend.values(of: "peer", message: "message is not valid UTF-8") == ["127.0.0.1:40000"])
}

@Test func wfpwatch_replay_namesTheFileInWarnings_withoutAPort() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-replay-\(getpid()).log").path
    try Data(invalidFrame + [0x0A]).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }

    let result = try ProcessRunner.wfpwatch(["replay", "--config", "config/wfpwatch.yaml", path])
    #expect(result.status == 0)
    #expect(result.error.contains("message is not valid UTF-8 listener=replay peer=\(path)\n"))
    #expect(!result.error.contains(":0"))
}
