import Foundation
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

private func startTCPListener(
    _ control: SenderControl, registry: MetricsRegistry, recorder: SinkRecorder, idleTimeout: Duration = .seconds(600)
) throws -> TCPListener {
    let configuration = ListenerConfiguration(
        name: "control", transport: .tcp, port: 0, idleTimeout: idleTimeout, senderControl: control)
    let listener = TCPListener(
        configuration: configuration, makeSink: recorder.factory, metrics: registry, log: makeLog().0)
    try listener.start()
    return listener
}

private func refusedConnections(_ registry: MetricsRegistry, _ reason: String) -> Int {
    counterValue(registry, "wfpwatch_connections_refused_total",
        ["listener": "control", "transport": "tcp", "reason": reason])
}

private func closedConnections(_ registry: MetricsRegistry, _ reason: String) -> Int {
    counterValue(registry, "wfpwatch_connections_closed_total",
        ["listener": "control", "transport": "tcp", "reason": reason])
}

@Test func senderControl_allows_onlyAddressesInsideListedBlocks() {
    let control = SenderControl(allowedSources: [CIDRBlock("10.0.0.0/8")!, CIDRBlock("2001:db8::/32")!])
    #expect(control.allows(PeerAddress(address: "10.20.30.40", port: 1)))
    #expect(control.allows(PeerAddress(address: "2001:db8::7", port: 1)))
    #expect(!control.allows(PeerAddress(address: "127.0.0.1", port: 1)))
    #expect(!control.allows(PeerAddress(address: "11.0.0.1", port: 1)))
    #expect(SenderControl().allows(PeerAddress(address: "127.0.0.1", port: 1)))
}

@Test func tcpListener_refusesAndCountsSource_outsideAllowedSources() throws {
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTCPListener(
        SenderControl(allowedSources: [CIDRBlock("10.0.0.0/8")!]), registry: registry, recorder: recorder)
    defer { listener.stop() }

    let client = connectClient(port: listener.boundPort)
    defer { close(client) }
    #expect(peerClosed(client))
    #expect(refusedConnections(registry, "source") == 1)
    #expect(recorder.all.isEmpty)
}

@Test func tcpListener_servesSource_insideAllowedSources() throws {
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTCPListener(
        SenderControl(allowedSources: [CIDRBlock("127.0.0.0/8")!]), registry: registry, recorder: recorder)
    defer { listener.stop() }

    let client = connectClient(port: listener.boundPort)
    sendAll(client, Array("<13>allowed\n".utf8))
    close(client)
    #expect(eventually { recorder.all.first?.texts == ["<13>allowed"] })
    #expect(refusedConnections(registry, "source") == 0)
}

@Test func udpListener_dropsAndCountsDatagrams_fromOutsideAllowedSources() throws {
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let configuration = ListenerConfiguration(
        name: "control", transport: .udp, port: 0,
        senderControl: SenderControl(allowedSources: [CIDRBlock("192.0.2.0/24")!]))
    let listener = UDPListener(
        configuration: configuration, makeSink: recorder.factory, metrics: registry, log: makeLog().0)
    try listener.start()
    defer { listener.stop() }

    let client = connectClient(port: listener.boundPort, type: Int32(SOCK_DGRAM.rawValue))
    defer { close(client) }
    for _ in 0..<3 { sendAll(client, Array("<13>not from 192.0.2.0/24".utf8)) }

    let labels = ["listener": "control", "transport": "udp", "reason": "source"]
    #expect(eventually { counterValue(registry, "wfpwatch_datagrams_refused_total", labels) == 3 })
    // Refused datagrams never reach the queue, so no decode thread makes a sink.
    #expect(recorder.all.flatMap(\.frames).isEmpty)
    let received = ["listener": "control", "transport": "udp"]
    #expect(counterValue(registry, "wfpwatch_received_messages_total", received) == 0)
}

@Test func tcpListener_refusesConnectionOverPerSourceCap_andAdmitsAgainAfterOneCloses() throws {
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTCPListener(
        SenderControl(maximumConnectionsPerSource: 2), registry: registry, recorder: recorder)
    defer { listener.stop() }

    let first = connectClient(port: listener.boundPort)
    let second = connectClient(port: listener.boundPort)
    defer { close(second) }
    #expect(eventually { listener.openConnectionCount == 2 })

    let third = connectClient(port: listener.boundPort)
    #expect(peerClosed(third))
    close(third)
    #expect(refusedConnections(registry, "per_source") == 1)

    close(first)
    #expect(eventually { listener.openConnectionCount == 1 })
    let fourth = connectClient(port: listener.boundPort)
    defer { close(fourth) }
    #expect(eventually { listener.openConnectionCount == 2 })
    #expect(refusedConnections(registry, "per_source") == 1)
}

@Test func tcpListener_closesSlowSender_thatTricklesBytesWithoutEndingAFrame() throws {
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTCPListener(
        SenderControl(slowSenderTimeout: .milliseconds(500)), registry: registry, recorder: recorder)
    defer { listener.stop() }

    let client = connectClient(port: listener.boundPort)
    defer { close(client) }
    sendAll(client, Array("<13>complete\n<13>never ends".utf8))
    // A byte every 100 ms resets the idle timeout but never completes the frame.
    var closedByServer = false
    for _ in 0..<30 where !closedByServer {
        usleep(100_000)
        closedByServer = send(client, "x", 1, Int32(MSG_NOSIGNAL)) < 0 || peerClosed(client, timeout: .zero)
    }

    #expect(closedByServer)
    #expect(eventually { closedConnections(registry, "slow") == 1 })
    #expect(recorder.all.first?.texts.first == "<13>complete")
}

@Test func tcpListener_keepsSender_thatCompletesFramesSlowly() throws {
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTCPListener(
        SenderControl(slowSenderTimeout: .milliseconds(600)), registry: registry, recorder: recorder)
    defer { listener.stop() }

    let client = connectClient(port: listener.boundPort)
    defer { close(client) }
    // Each frame takes about 300 ms to arrive, so no frame is in progress for the timeout.
    for index in 0..<5 {
        sendAll(client, Array("<13>line \(index)".utf8))
        usleep(300_000)
        sendAll(client, [0x0A])
    }

    #expect(eventually { recorder.all.first?.texts.count == 5 })
    #expect(!peerClosed(client, timeout: .milliseconds(50)))
    #expect(closedConnections(registry, "slow") == 0)
}

@Test func tcpFramer_carriesAtMostMaximumMessageBytes_ofAnEndlessLine() {
    // The bytes a connection buffers beyond its fixed receive buffer are the framer's carry.
    var framer = TCPFramer(maximumMessageBytes: 1_000)
    let chunk = [UInt8](repeating: 0x41, count: 4_096)
    var truncatedFrames = 0
    for _ in 0..<64 {
        chunk.withUnsafeBytes { bytes in
            framer.consume(bytes) { _, info in if info.truncated { truncatedFrames += 1 } }
        }
        #expect(framer.carried.count <= 1_000)
    }
    #expect(!framer.isBetweenFrames)

    framer.finish { frame, info in if info.truncated && frame.count == 1_000 { truncatedFrames += 1 } }
    #expect(truncatedFrames == 1)
}
