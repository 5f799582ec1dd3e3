import Foundation
import Testing

/// logrotate against a real `serve`: the JSON lines file renamed away, then SIGHUP (its
/// `postrotate systemctl reload wfpwatch`).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ReloadRotationServeTests {
    typealias Serve = ReloadServeProcess

    @Test func reload_afterAlertFileRenamed_writesLaterAlertsToANewFileAtThePath() throws {
        let port = try LoopbackSockets.freePort()
        let serve = try Serve(listenerPorts: [port])
        defer { _ = serve.stop() }
        let client = try TCPClient(port: port)
        try client.send(Serve.connectionLine(image: "beacon.exe", destination: "192.0.2.1", second: 1))
        try #require(
            serve.waitForAlert(seconds: 10) { Serve.isAlert($0, image: "beacon.exe", destination: "192.0.2.1") })

        let rotated = serve.alertsPath + ".1"
        try FileManager.default.moveItem(atPath: serve.alertsPath, toPath: rotated)
        #expect(serve.reload(), "no RELOADING=1 then READY=1: \(serve.notifications)")
        try client.send(Serve.connectionLine(image: "other.exe", destination: "192.0.2.2", second: 2))

        #expect(serve.waitForAlert(seconds: 10) { Serve.isAlert($0, image: "other.exe", destination: "192.0.2.2") })
        #expect(!serve.alerts().contains { Serve.isAlert($0, image: "beacon.exe", destination: "192.0.2.1") })
        let old = try String(contentsOfFile: rotated, encoding: .utf8)
        #expect(old.contains("beacon.exe") && !old.contains("other.exe"), "\(old)")
        #expect(serve.errorText.contains("alert file reopened"), "\(serve.errorText)")
        #expect(serve.stop() == 0)
    }
}
