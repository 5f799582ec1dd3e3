import Foundation
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

@Suite struct TCPListenerTests {
    let registry = MetricsRegistry()
    let recorder = SinkRecorder()

    func makeListener(_ configuration: ListenerConfiguration) throws -> (TCPListener, RecordingLogBackend) {
        let (log, backend) = makeLog()
        let listener = TCPListener(
            configuration: configuration, makeSink: recorder.factory, metrics: registry, log: log)
        try listener.start()
        return (listener, backend)
    }

    func labels(_ extra: [String: String] = [:]) -> [String: String] {
        ["listener": "t", "transport": "tcp"].merging(extra) { $1 }
    }

    @Test func tcpListener_receivesBothFramingsOnOneConnection() throws {
        let (listener, backend) = try makeListener(ListenerConfiguration(name: "t", transport: .tcp, port: 0))
        defer { listener.stop() }

        let client = connectClient(port: listener.boundPort)
        let stream = Array("11 <14>hello A<14>line B\r\n11 <1>counted\n<2>last".utf8)
        sendAll(client, stream)
        close(client)

        #expect(eventually { recorder.all.first?.snapshot.closeCalls == 1 })
        let sink = try #require(recorder.all.first)
        #expect(sink.frames == [
            CapturedFrame("<14>hello A", .octetCounted), CapturedFrame("<14>line B", .lineFeed),
            CapturedFrame("<1>counted\n", .octetCounted), CapturedFrame("<2>last", .lineFeed),
        ])
        #expect(sink.connectionPeer.address == "127.0.0.1")
        #expect(sink.snapshot.endOfReadCalls >= 1)
        #expect(counterValue(registry, "wfpwatch_received_messages_total", labels()) == 4)
        #expect(counterValue(registry, "wfpwatch_received_bytes_total", labels()) == stream.count)
        #expect(counterValue(registry, "wfpwatch_connections_accepted_total", labels()) == 1)
        #expect(counterValue(registry, "wfpwatch_connections_closed_total", labels(["reason": "eof"])) == 1)
        #expect(backend.all.contains { $0.contains("listening") && $0.contains("port=\(listener.boundPort)") })
    }

    @Test func tcpListener_receivesFromLogger_withOctetCountingAndLineFeed() throws {
        let (listener, _) = try makeListener(ListenerConfiguration(name: "t", transport: .tcp, port: 0))
        defer { listener.stop() }
        let port = String(listener.boundPort)

        let countedStatus = try runLogger(
            ["--tcp", "--octet-count", "-n", "127.0.0.1", "-P", port, "-t", "app", "counted one"])
        #expect(countedStatus == 0)
        #expect(try runLogger(["--tcp", "-n", "127.0.0.1", "-P", port, "-t", "app", "line two"]) == 0)

        #expect(eventually { recorder.all.count == 2 && recorder.all.allSatisfy { $0.snapshot.closeCalls == 1 } })
        let frames = recorder.all.flatMap(\.frames)
        #expect(frames.count == 2)
        let counted = try #require(frames.first { $0.info.framing == .octetCounted })
        let lined = try #require(frames.first { $0.info.framing == .lineFeed })
        #expect(String(decoding: counted.bytes, as: UTF8.self).hasSuffix("counted one"))
        #expect(String(decoding: lined.bytes, as: UTF8.self).hasSuffix("line two"))
        #expect(counted.bytes.first == UInt8(ascii: "<") && lined.bytes.first == UInt8(ascii: "<"))
    }

    @Test func tcpListener_keepsOtherConnectionWhole_whileOneSendsOversizeAndGarbage() throws {
        let (listener, _) = try makeListener(ListenerConfiguration(name: "t", transport: .tcp, port: 0))
        defer { listener.stop() }

        let noisy = connectClient(port: listener.boundPort)
        let steady = connectClient(port: listener.boundPort)
        var garbage = [UInt8](repeating: UInt8(ascii: "A"), count: 1_000_000) + [0x0A]
        garbage += (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        garbage += Array("\nGET / HTTP/1.1\r\nHost: example\r\n\r\n".utf8)
        let lines = (0..<1_000).map { "<14>Dec  4 15:30:00 win01 app: steady \($0)\n" }

        let noisyBytes = garbage
        let sender = Thread { sendAll(noisy, noisyBytes); close(noisy) }
        sender.start()
        sendAll(steady, Array(lines.joined().utf8))
        close(steady)

        #expect(eventually { recorder.all.count == 2 && recorder.all.allSatisfy { $0.snapshot.closeCalls == 1 } })
        let steadySink = try #require(recorder.all.first { $0.texts.first?.contains("steady 0") == true })
        #expect(steadySink.texts == lines.map { String($0.dropLast()) })
        let noisySink = try #require(recorder.all.first { $0 !== steadySink })
        let first = try #require(noisySink.frames.first)
        #expect(first.info == FrameInfo(framing: .lineFeed, truncated: true, originalLength: 1_000_000))
        #expect(first.bytes.count == 64 * 1024)
        #expect(noisySink.texts.contains("GET / HTTP/1.1") && noisySink.texts.contains("Host: example"))
        #expect(counterValue(registry, "wfpwatch_frames_truncated_total", labels()) >= 1)
    }

    @Test func tcpListener_refusesConnectionsOverLimit() throws {
        let configuration = ListenerConfiguration(name: "t", transport: .tcp, port: 0, maximumConnections: 2)
        let (listener, backend) = try makeListener(configuration)
        defer { listener.stop() }

        let first = connectClient(port: listener.boundPort)
        let second = connectClient(port: listener.boundPort)
        defer { close(first); close(second) }
        #expect(eventually { listener.openConnectionCount == 2 })
        let third = connectClient(port: listener.boundPort)
        defer { close(third) }

        #expect(peerClosed(third))
        #expect(counterValue(registry, "wfpwatch_connections_refused_total", labels(["reason": "limit"])) == 1)
        #expect(counterValue(registry, "wfpwatch_connections_accepted_total", labels()) == 2)
        #expect(registry.gauge("wfpwatch_open_connections", ["listener": "t", "transport": "tcp"]).value == 2)
        #expect(backend.all.contains { $0.contains("tcp connection refused") })
        sendAll(second, Array("<1>still served\n".utf8))
        #expect(eventually { recorder.all.flatMap(\.texts).contains("<1>still served") })
    }

    @Test func tcpListener_closesIdleConnection() throws {
        let configuration = ListenerConfiguration(name: "t", transport: .tcp, port: 0, idleTimeout: .milliseconds(200))
        let (listener, _) = try makeListener(configuration)
        defer { listener.stop() }

        let client = connectClient(port: listener.boundPort)
        defer { close(client) }
        sendAll(client, Array("<1>before idle\n<1>partial".utf8))

        #expect(peerClosed(client))
        #expect(eventually { recorder.all.first?.snapshot.closeCalls == 1 })
        #expect(recorder.all.first?.texts == ["<1>before idle", "<1>partial"])
        #expect(counterValue(registry, "wfpwatch_connections_closed_total", labels(["reason": "idle"])) == 1)
        #expect(eventually { listener.openConnectionCount == 0 })
    }

    @Test func tcpListener_stopClosesEveryConnectionAndSink_droppingPartialFrame() throws {
        let (listener, _) = try makeListener(ListenerConfiguration(name: "t", transport: .tcp, port: 0))
        let clients = (0..<3).map { _ in connectClient(port: listener.boundPort) }
        defer { clients.forEach { close($0) } }
        sendAll(clients[0], Array("<1>unfinished".utf8))
        #expect(eventually { listener.openConnectionCount == 3 && recorder.all.count == 3 })
        _ = eventually { counterValue(registry, "wfpwatch_received_bytes_total", labels()) == 13 }

        listener.stop()

        #expect(recorder.all.allSatisfy { $0.snapshot.closeCalls == 1 })
        // The frame cut short by the stop is counted, not handed on half.
        #expect(recorder.all.flatMap(\.texts) == [])
        #expect(counterValue(registry, "wfpwatch_frames_incomplete_at_stop_total", labels()) == 1)
        #expect(counterValue(registry, "wfpwatch_connections_closed_total", labels(["reason": "stop"])) == 3)
        #expect(registry.gauge("wfpwatch_open_connections", ["listener": "t", "transport": "tcp"]).value == 0)
        #expect(clients.allSatisfy { peerClosed($0) })
        #expect(listener.openConnectionCount == 0)
    }

    @Test func tcpListener_servesIPv6Loopback() throws {
        let (listener, _) = try makeListener(ListenerConfiguration(name: "t", transport: .tcp, address: "::1", port: 0))
        defer { listener.stop() }

        let client = connectClient(port: listener.boundPort, address: "::1")
        sendAll(client, Array("<1>over ipv6\n".utf8))
        close(client)

        #expect(eventually { recorder.all.first?.snapshot.closeCalls == 1 })
        #expect(recorder.all.first?.texts == ["<1>over ipv6"])
        #expect(recorder.all.first?.connectionPeer.address == "::1")
    }

    @Test func tcpListener_startNamesAddressPortAndReason_whenPortIsTaken() throws {
        let (listener, _) = try makeListener(ListenerConfiguration(name: "t", transport: .tcp, port: 0))
        defer { listener.stop() }

        let (log, _) = makeLog()
        let second = TCPListener(
            configuration: ListenerConfiguration(name: "second", transport: .tcp, port: listener.boundPort),
            makeSink: recorder.factory, metrics: registry, log: log)
        let error = try #require(throws: ListenerError.self) { try second.start() }
        #expect(error.description.contains("127.0.0.1"))
        #expect(error.description.contains("port \(listener.boundPort)"))
        #expect(error.description.contains("Address already in use"))

        let bad = TCPListener(
            configuration: ListenerConfiguration(name: "bad", transport: .tcp, address: "300.1.2.3", port: 0),
            makeSink: recorder.factory, metrics: registry, log: log)
        let parseError = try #require(throws: ListenerError.self) { try bad.start() }
        #expect(parseError.description.contains("300.1.2.3"))
    }
}
