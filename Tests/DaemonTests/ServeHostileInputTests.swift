import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// Bad input from the network never stops the service: one TCP connection sends every kind of
// junk in turn while two real senders deliver captures over TCP and UDP beside it. The junk is
// counted by kind in STATUS=, every alert of the real senders arrives, and serve still stops
// cleanly.

/// The junk connection's frames, in order, and what each must be counted as.
private enum Junk {
    static let maximumMessageBytes = 65536

    /// An octet-counted frame declaring more than the limit (cut and flagged truncated).
    static let oversizeCounted: [UInt8] = {
        let message = Array("<14>Dec  4 15:30:00 junk01 app: ".utf8) + [UInt8](repeating: 0x61, count: 70_000)
        return Array("\(message.count) ".utf8) + message
    }()
    /// Bytes that are no text at all: every value but NUL and LF, as one line.
    static let binary: [UInt8] = (1...255).filter { $0 != 0x0A }.map { UInt8($0) } + [0x0A]
    /// One line of 1 MiB.
    static let megabyteLine = [UInt8](repeating: 0x78, count: 1 << 20) + [0x0A]
    /// A switch's message with bytes that are not UTF-8, then a clean one (bug input 11).
    static let invalidUTF8: [UInt8] = Array(
        (try? Data(contentsOf: TestPaths.shared.appendingPathComponent("bug-inputs/11.bin"))) ?? Data())
    /// A web client on the syslog port.
    static let httpRequest = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
    /// An octet-counted frame cut short by the end of the connection (flagged truncated).
    static let cutShortCounted = Array("300 <14>Dec  4 15:30:02 junk01 app: cut short".utf8)

    static let pieces = [oversizeCounted, binary, megabyteLine, invalidUTF8, httpRequest, cutShortCounted]

    /// Frames among the pieces: 1 + 1 + 1 + 2 (bug input 11) + 2 (request line, Host) + 1;
    /// every one is no Windows event.
    static let frames = 8
    static let truncated = 3
    /// The binary line and the first line of bug input 11.
    static let invalidUTF8Frames = 2
    /// The two captures arrive at once on two connections, so their hosts' events interleave
    /// differently from replay's file order. Fleet-wide rarity is the only state shared between
    /// hosts, and the captures lie weeks apart in event time; with it off, each host's alerts
    /// depend on that host's events alone and must equal replay's exactly.
    static let independentHosts = "correlation: {rarity: {enabled: false}}"
}

extension ServeEndToEndTests {
    @Test func serve_countsJunkOnOneConnection_whileOtherSendersAlertsAllArrive() throws {
        try #require(Junk.invalidUTF8.count == 131, "bug input 11 not found")
        let tcpCapture = TestPaths.realCapture("otrf_empire_psinject_peinjection.jsonl")
        let udpCapture = TestPaths.realCapture("otrf_empire_launcher_sct_regsvr32.jsonl")
        let port = try LoopbackSockets.freePort()
        let serve = try ServeProcess(listeners: [
            "{name: tcp, transport: tcp, address: 127.0.0.1, port: \(port), "
                + "max_message_bytes: \(Junk.maximumMessageBytes)}",
            "{name: udp, transport: udp, address: 127.0.0.1, port: \(port)}",
        ], extra: Junk.independentHosts)

        // The junk goes out on its own thread while logger sends the captures.
        let junkSent = DispatchSemaphore(value: 0)
        let junkError = Mutexed<String>()
        Thread {
            do {
                let connection = try TCPClient(port: port)
                for piece in Junk.pieces {
                    try connection.send(piece)
                    usleep(20_000)
                }
            } catch {
                junkError.set("\(error)")
            }
            junkSent.signal()
        }.start()
        let overTCP = try Logger.send(tcpCapture, transport: "tcp", port: port)
        let overUDP = try Logger.send(udpCapture, transport: "udp", port: port)
        junkSent.wait()
        #expect(junkError.get() == nil)
        #expect(overTCP.status == 0 && overUDP.status == 0)

        let messages = try lineCount(tcpCapture) + lineCount(udpCapture) + Junk.frames
        #expect(serve.waitUntilAccounted(messages), "STATUS= never reached \(messages) messages: \(serve.lastStatus)")
        #expect(serve.isRunning)
        let status = serve.lastStatus
        #expect(ServeStatusText.count(", truncated ", in: status) == Junk.truncated, "\(status)")
        #expect(ServeStatusText.count(", invalid utf-8 ", in: status) == Junk.invalidUTF8Frames, "\(status)")
        #expect(ServeStatusText.count("not_windows_event ", in: status) == Junk.frames, "\(status)")
        #expect(serve.stop() == 0)

        let replay = try ProcessRunner.wfpwatch(
            ["replay", "--config", serve.configPath, tcpCapture.path, udpCapture.path])
        let expected = try replay.output.split(separator: "\n").map(ComparableAlert.text(jsonLine:)).sorted()
        let journal = try JournalAlerts.read(pid: serve.pid, atLeast: expected.count)
        #expect(expected.count >= 3)
        #expect(try journal.map { try ComparableAlert.text($0.alert) }.sorted() == expected)
    }
}
