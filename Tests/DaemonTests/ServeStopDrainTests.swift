import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// SIGTERM right after a sender's last write: every line the kernel already accepted for serve
// must be read and counted before it stops, and a frame cut short by the stop must be dropped
// (and said so), not decoded into a failure.

/// One short RFC 5424 line serve receives and skips as not a Windows event.
private func plainLine(_ number: Int) -> String {
    "<14>1 2026-01-15T10:00:00Z ws7 app - - - line \(number)\n"
}

/// The head of an NXLog JSON event whose rest never comes.
private let partialFrame = Array(#"<14>1 2026-01-15T10:00:00Z ws7 nxlog - - - {"EventID":5156,"Hostname":"#.utf8)

/// The fields of the `stopped` line serve wrote to standard error.
private func stoppedFields(_ errorText: String) -> [String: Int] {
    guard let line = errorText.split(separator: "\n").last(where: { $0.hasPrefix("info stopped ") }) else { return [:] }
    var fields: [String: Int] = [:]
    for pair in line.split(separator: " ").dropFirst(2) {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2, let value = Int(parts[1]) { fields[String(parts[0])] = value }
    }
    return fields
}

/// Messages the stopped line accounts for: events + skipped + decode failures.
private func accounted(_ fields: [String: Int]) -> Int {
    (fields["events"] ?? 0) + (fields["skipped"] ?? 0) + (fields["decode_failures"] ?? 0)
}

/// Waits until the kernel has moved every byte `client` wrote into serve's socket (its send
/// queue is empty), without waiting for serve to read any of it.
private func waitUntilDelivered(_ client: TCPClient, seconds: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if client.unsentBytes == 0 { return true }
        usleep(1_000)
    }
    return false
}

@Suite(.serialized, .timeLimit(.minutes(2)))
struct ServeStopDrainTests {
    @Test func serve_sigtermRightAfterBurst_countsEveryDeliveredLine() throws {
        let port = try LoopbackSockets.freePort()
        let serve = try ServeProcess(listeners: ["{name: tcp, transport: tcp, address: 127.0.0.1, port: \(port)}"])
        let lineCount = 60_000
        let client = try TCPClient(port: port)
        var burst = [UInt8]()
        for number in 0..<lineCount { burst.append(contentsOf: plainLine(number).utf8) }

        try client.send(burst)
        try client.send(partialFrame)
        try #require(waitUntilDelivered(client), "the kernel did not take the burst")
        let status = serve.stop()

        let errorText = serve.errorText()
        let stopped = stoppedFields(errorText)
        #expect(status == 0)
        #expect(accounted(stopped) == lineCount, "stopped line: \(stopped)")
        #expect(stopped["decode_failures"] == 0)
        #expect(!errorText.contains("event could not be decoded"))
        #expect(errorText.contains("partial frames dropped at stop listener=tcp connections=1"))
    }

    @Test func serve_sigtermRightAfterDatagrams_countsEveryQueuedDatagram() throws {
        let port = try LoopbackSockets.freePort()
        let serve = try ServeProcess(listeners: ["{name: udp, transport: udp, address: 127.0.0.1, port: \(port)}"])
        let datagramCount = 2_000
        let sender = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(sender) }
        var address = LoopbackSockets.loopback(port: port)

        for number in 0..<datagramCount {
            let bytes = Array(plainLine(number).utf8)
            let sent = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(sender, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(sent == bytes.count, "sendto failed: \(String(cString: strerror(errno)))")
        }
        let status = serve.stop()

        let stopped = stoppedFields(serve.errorText())
        #expect(status == 0)
        #expect(accounted(stopped) == datagramCount, "stopped line: \(stopped)")
    }

    @Test func serve_sigtermWithIdleSenderMidFrame_dropsPartialFrameUndecoded() throws {
        let port = try LoopbackSockets.freePort()
        let serve = try ServeProcess(listeners: ["{name: tcp, transport: tcp, address: 127.0.0.1, port: \(port)}"])
        let client = try TCPClient(port: port)
        try client.send(Array((plainLine(1) + plainLine(2)).utf8))
        try #require(serve.waitUntilAccounted(2), "not analysed: \(serve.lastStatus)")

        try client.send(partialFrame)
        try #require(waitUntilDelivered(client), "the kernel did not take the partial frame")
        let status = serve.stop()

        let errorText = serve.errorText()
        let stopped = stoppedFields(errorText)
        #expect(status == 0)
        #expect(accounted(stopped) == 2, "stopped line: \(stopped)")
        #expect(stopped["decode_failures"] == 0)
        #expect(errorText.contains("partial frames dropped at stop listener=tcp connections=1"))
    }
}
