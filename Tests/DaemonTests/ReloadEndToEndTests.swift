import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGHUP (`systemctl reload`) against a real `serve`: a broken file keeps the running
/// configuration, a new allowlist entry silences its key, a new listener answers.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ReloadEndToEndTests {
    typealias Serve = ReloadServeProcess

    @Test func reload_withBrokenYAML_keepsRunningLogsFileAndLineAndKeepsAlerting() throws {
        let port = try LoopbackSockets.freePort()
        let serve = try Serve(listenerPorts: [port])
        defer { _ = serve.stop() }

        try "listeners:\n  - {name: tcp, port: [\n".write(toFile: serve.configPath, atomically: true, encoding: .utf8)
        #expect(serve.reload(), "no RELOADING=1 then READY=1: \(serve.notifications)")
        #expect(serve.isRunning)
        let errors = serve.errorText
        #expect(errors.contains("reload failed"), "\(errors)")
        #expect(errors.contains("location=\(serve.configPath):"), "\(errors)")

        let client = try TCPClient(port: port)
        try client.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.1", second: 1))
        #expect(serve.waitForAlert(seconds: 10) { Serve.isAlert($0, image: "beacon.exe", destination: "192.0.2.1") })
        let metrics = try serve.metrics()
        #expect(metrics.contains("wfpwatch_reloads_total{result=\"failure\"} 1"), "\(metrics)")
        #expect(serve.stop() == 0)
    }

    @Test func reload_withBrokenIntelFile_keepsRunningAndLogsItsLine() throws {
        let port = try LoopbackSockets.freePort()
        let serve = try Serve(listenerPorts: [port])
        defer { _ = serve.stop() }

        try "# test intel\n192.0.2.0/24\nnot an address!\n".write(
            toFile: serve.intelPath, atomically: true, encoding: .utf8)
        #expect(serve.reload())
        let errors = serve.errorText
        #expect(errors.contains("location=\(serve.intelPath):3"), "\(errors)")

        let client = try TCPClient(port: port)
        try client.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.7", second: 1))
        #expect(serve.waitForAlert(seconds: 10) { Serve.isAlert($0, image: "beacon.exe", destination: "192.0.2.7") })
    }

    @Test func reload_withNewAllowlistEntry_stopsThatKeysAlertsWithinFiveSeconds() throws {
        let port = try LoopbackSockets.freePort()
        let serve = try Serve(listenerPorts: [port])
        defer { _ = serve.stop() }
        let client = try TCPClient(port: port)
        try client.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.1", second: 1))
        try #require(
            serve.waitForAlert(seconds: 10) { Serve.isAlert($0, image: "beacon.exe", destination: "192.0.2.1") })

        try serve.writeConfiguration(listenerPorts: [port], allowlistImages: ["beacon.exe"])
        let reloadStart = Date()
        #expect(serve.reload())
        // Same host, so same worker and order: once other.exe's alert is out, the beacon.exe
        // event sent before it has been analysed under the new allowlist.
        try client.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.2", second: 2))
        try client.send(Serve.connectionLine(image: "other.exe", destination: "192.0.2.3", second: 3))
        #expect(serve.waitForAlert(seconds: 5) { Serve.isAlert($0, image: "other.exe", destination: "192.0.2.3") })
        #expect(Date().timeIntervalSince(reloadStart) < 5)
        #expect(!serve.alerts().contains { Serve.isAlert($0, image: "beacon.exe", destination: "192.0.2.2") })

        let metrics = try serve.metrics()
        #expect(metrics.contains("wfpwatch_reloads_total{result=\"success\"} 1"), "\(metrics)")
        #expect(serve.stop() == 0)
    }

    @Test func reload_withAddedListener_newPortAnswersAndOpenConnectionStays() throws {
        let first = try LoopbackSockets.freePort()
        let serve = try Serve(listenerPorts: [first])
        defer { _ = serve.stop() }
        let old = try TCPClient(port: first)
        try old.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.1", second: 1))

        let second = try LoopbackSockets.freePort()
        try serve.writeConfiguration(listenerPorts: [first, second])
        #expect(serve.reload())
        let new = try TCPClient(port: second)
        try new.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.2", second: 2))
        try old.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.3", second: 3))
        for destination in ["192.0.2.1", "192.0.2.2", "192.0.2.3"] {
            let found = serve.waitForAlert(seconds: 10) {
                Serve.isAlert($0, image: "beacon.exe", destination: destination)
            }
            #expect(found, "no alert for \(destination)")
        }

        // Removing the first listener closes its port; the second keeps answering.
        try serve.writeConfiguration(listenerPorts: [second])
        #expect(serve.reload())
        #expect(throws: SocketError.self) { try TCPClient(port: first) }
        try new.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.4", second: 4))
        #expect(serve.waitForAlert(seconds: 10) { Serve.isAlert($0, image: "beacon.exe", destination: "192.0.2.4") })
        #expect(serve.stop() == 0)
    }
}
