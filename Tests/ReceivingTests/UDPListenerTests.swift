import Foundation
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

extension SinkRecorder {
    /// The frames of every sink: a UDP listener makes one sink per decode thread.
    var allFrames: [CapturedFrame] { all.flatMap(\.frames) }
    var allPeers: [PeerAddress] { all.flatMap(\.snapshot.peers) }
}

@Suite struct UDPListenerTests {
    let registry = MetricsRegistry()
    let recorder = SinkRecorder()

    func makeListener(_ configuration: ListenerConfiguration) throws -> (UDPListener, RecordingLogBackend) {
        let (log, backend) = makeLog()
        let listener = UDPListener(
            configuration: configuration, makeSink: recorder.factory, metrics: registry, log: log)
        try listener.start()
        return (listener, backend)
    }

    func sendDatagrams(_ datagrams: [[UInt8]], port: UInt16, address: String = "127.0.0.1") {
        let client = connectClient(port: port, address: address, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(client) }
        for datagram in datagrams {
            #expect(datagram.withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) } == datagram.count)
        }
    }

    let labels = ["listener": "u", "transport": "udp"]

    @Test func udpListener_receivesLargeDatagramWhole_case24() throws {
        let (listener, backend) = try makeListener(ListenerConfiguration(name: "u", transport: .udp, port: 0))
        defer { listener.stop() }
        let datagram = try Fixtures.bugInput("24")

        sendDatagrams([datagram], port: listener.boundPort)

        #expect(eventually { recorder.allFrames.count == 1 })
        #expect(recorder.allFrames == [CapturedFrame(datagram, FrameInfo(framing: .datagram, originalLength: 4031))])
        #expect(recorder.allPeers.first?.address == "127.0.0.1")
        #expect(counterValue(registry, "wfpwatch_received_bytes_total", labels) == 4031)
        #expect(counterValue(registry, "wfpwatch_received_messages_total", labels) == 1)
        #expect(backend.all.contains { line in
            line.contains("listening") && line.contains("receive_buffer_requested_bytes=")
                && line.contains("receive_buffer_granted_bytes=")
        })
    }

    @Test func udpListener_listeningLine_showsRequestedAndGrantedBufferInTheSameUnit() throws {
        // 64 KiB is under every default net.core.rmem_max, so all of it is granted.
        let configuration = ListenerConfiguration(name: "u", transport: .udp, port: 0, receiveBufferBytes: 65_536)
        let (listener, backend) = try makeListener(configuration)
        defer { listener.stop() }
        #expect(backend.all.contains { line in
            line.contains("listening") && line.contains("receive_buffer_requested_bytes=65536")
                && line.contains("receive_buffer_granted_bytes=65536")
        }, "\(backend.all)")
        #expect(!backend.all.contains { $0.contains("udp receive buffer smaller than configured") })
    }

    @Test func udpListener_refusesPortAnotherListenerHolds() throws {
        let (listener, _) = try makeListener(ListenerConfiguration(name: "u", transport: .udp, port: 0))
        defer { listener.stop() }

        let (log, _) = makeLog()
        let second = UDPListener(
            configuration: ListenerConfiguration(name: "second", transport: .udp, port: listener.boundPort),
            makeSink: recorder.factory, metrics: registry, log: log)
        let error = try #require(throws: ListenerError.self) { try second.start() }
        #expect(error.description.contains("Address already in use"))
    }

    @Test func udpListener_givesOneFramePerDatagram_case22() throws {
        // One decode thread: datagrams reach its sink in the order they arrived.
        let (listener, _) = try makeListener(
            ListenerConfiguration(name: "u", transport: .udp, port: 0, decodeThreads: 1))
        defer { listener.stop() }
        let multiLine = try Fixtures.bugInput("22")

        sendDatagrams([multiLine, Array("<1>second\n".utf8)], port: listener.boundPort)

        #expect(eventually { recorder.allFrames.count == 2 })
        #expect(recorder.all.count == 1)
        let frames = recorder.allFrames
        #expect(frames.first?.bytes == Array(multiLine.dropLast(2)))
        #expect(frames.last == CapturedFrame("<1>second", .datagram))
    }

    @Test func udpListener_flagsAndCountsTruncatedDatagram() throws {
        let configuration = ListenerConfiguration(name: "u", transport: .udp, port: 0, maximumMessageBytes: 100)
        let (listener, _) = try makeListener(configuration)
        defer { listener.stop() }

        sendDatagrams([[UInt8](repeating: UInt8(ascii: "z"), count: 4_000)], port: listener.boundPort)

        #expect(eventually { recorder.allFrames.count == 1 })
        let frame = try #require(recorder.allFrames.first)
        #expect(frame.info == FrameInfo(framing: .datagram, truncated: true, originalLength: 4_000))
        #expect(frame.bytes.count == 100)
        #expect(counterValue(registry, "wfpwatch_frames_truncated_total", labels) == 1)
    }

    @Test func udpListener_receivesFromLogger() throws {
        let (listener, _) = try makeListener(ListenerConfiguration(name: "u", transport: .udp, port: 0))
        defer { listener.stop() }

        let port = String(listener.boundPort)
        let status = try runLogger(["--udp", "-n", "127.0.0.1", "-P", port, "-t", "app", "over udp"])

        #expect(status == 0)
        #expect(eventually { recorder.allFrames.count == 1 })
        let text = try #require(recorder.all.flatMap(\.texts).first)
        #expect(text.hasPrefix("<") && text.hasSuffix("over udp"))
    }

    @Test func udpListener_stopClosesSinkOnce_andServesIPv6() throws {
        let (listener, _) = try makeListener(ListenerConfiguration(name: "u", transport: .udp, address: "::1", port: 0))
        sendDatagrams([Array("<1>v6".utf8)], port: listener.boundPort, address: "::1")
        #expect(eventually { recorder.allFrames.count == 1 })

        listener.stop()
        listener.stop()

        #expect(!recorder.all.isEmpty)
        #expect(recorder.all.allSatisfy { $0.snapshot.closeCalls == 1 })
        #expect(recorder.allPeers.first?.address == "::1")
    }
}
