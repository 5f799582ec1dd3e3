import Foundation
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

// Every test makes its certificates with the openssl command line, serves on a loopback port
// the kernel picks, and stops the listener and removes the certificates before it returns.

@Test func tlsListener_deliversOctetCountedAndLineFrames_fromSClientWithClientCertificate() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTLSListener(certificates.serverTLS(), registry: registry, recorder: recorder)
    defer { listener.stop() }

    let first = "<13>1 2024-05-01T10:00:00Z host-a app - - - first"
    let input = "\(first.utf8.count) \(first)<13>second over LF\n"
    try runSClient(port: listener.boundPort, certificates: certificates, client: "client-a", input: input)

    #expect(eventually { recorder.all.first?.texts.count == 2 })
    #expect(recorder.all.first?.texts == [first, "<13>second over LF"])
    let labels = ["listener": "tls-test", "transport": "tls"]
    #expect(counterValue(registry, "wfpwatch_received_messages_total", labels) == 2)
    #expect(TLSRefusal.allCases.allSatisfy { handshakeFailures(registry, $0.rawValue) == 0 })
}

@Test func tlsListener_deliversFrames_fromOpenSSLClientInProcess() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTLSListener(certificates.serverTLS(), registry: registry, recorder: recorder)
    defer { listener.stop() }

    let client = try #require(TestTLSClient(port: listener.boundPort, certificates: certificates, client: "client-b"))
    // Many frames in one write and one frame split over writes: both reach the sink whole.
    let frames = (0..<200).map { "<14>event \($0) " + String(repeating: "x", count: $0) }
    #expect(client.send(frames.map { "\($0.utf8.count) \($0)" }.joined()))
    #expect(client.send("10 <14>spl") && client.send("it!"))
    client.close()

    #expect(eventually { recorder.all.first?.texts.count == 201 })
    let texts = recorder.all.first?.texts ?? []
    #expect(texts.count == 201, "\(texts.count) frames, last \(texts.last ?? "none")")
    #expect(texts.last == "<14>split!")
    #expect(zip(texts, frames).allSatisfy { $0 == $1 })
    #expect(eventually { recorder.all.first?.snapshot.closeCalls == 1 })
}

@Test func tlsListener_refusesAndCountsSender_withoutClientCertificate() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTLSListener(certificates.serverTLS(), registry: registry, recorder: recorder)
    defer { listener.stop() }

    try runSClient(port: listener.boundPort, certificates: certificates, client: nil, input: "<13>anonymous\n")

    #expect(eventually { handshakeFailures(registry, "no_client_certificate") == 1 })
    #expect(recorder.all.allSatisfy { $0.frames.isEmpty })
}

@Test func tlsListener_refusesAndCountsCertificate_fromAnotherCA() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTLSListener(certificates.serverTLS(), registry: registry, recorder: recorder)
    defer { listener.stop() }

    try runSClient(port: listener.boundPort, certificates: certificates, client: "stranger", input: "<13>forged\n")
    if let client = TestTLSClient(port: listener.boundPort, certificates: certificates, client: "stranger") {
        _ = client.send("<13>forged again\n")
        #expect(client.serverClosed())
        client.close()
    }

    #expect(eventually { handshakeFailures(registry, "unknown_ca") == 2 })
    #expect(recorder.all.allSatisfy { $0.frames.isEmpty })
    #expect(eventually {
        counterValue(registry, "wfpwatch_connections_closed_total",
            ["listener": "tls-test", "transport": "tls", "reason": "refused"]) == 2
    })
}

@Test func tlsListener_refusesAndCountsPlainTextSender() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTLSListener(certificates.serverTLS(), registry: registry, recorder: recorder)
    defer { listener.stop() }

    let client = connectClient(port: listener.boundPort)
    defer { close(client) }
    sendAll(client, Array("<13>Oct 11 22:14:15 host app: plain syslog on the TLS port\n".utf8))

    #expect(peerClosed(client))
    #expect(eventually { handshakeFailures(registry, "not_tls") == 1 })
    #expect(recorder.all.allSatisfy { $0.frames.isEmpty })
}

@Test func tlsListener_acceptsListedSubject_byCommonNameOrDNSName_andRefusesOthers() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let tls = certificates.serverTLS(allowedSubjects: ["sender-a.example"])
    let listener = try startTLSListener(tls, registry: registry, recorder: recorder)
    defer { listener.stop() }

    // sender-b is signed by the right CA but its CN is not listed.
    let refused = try #require(TestTLSClient(port: listener.boundPort, certificates: certificates, client: "client-b"))
    _ = refused.send("<13>from b\n")
    #expect(refused.serverClosed())
    refused.close()
    #expect(eventually { handshakeFailures(registry, "subject") == 1 })

    // sender-a carries the listed name as a DNS subject alternative name.
    try runSClient(port: listener.boundPort, certificates: certificates, client: "client-a", input: "<13>from a\n")
    #expect(eventually { recorder.all.flatMap(\.texts) == ["<13>from a"] })
    #expect(handshakeFailures(registry, "subject") == 1)
}

@Test func tlsListener_reloadCertificates_servesNewCertificateToNewConnections() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTLSListener(certificates.serverTLS(), registry: registry, recorder: recorder)
    defer { listener.stop() }
    let before = try #require(TestTLSClient(port: listener.boundPort, certificates: certificates, client: "client-a"))
    #expect(before.serverCommonName == "localhost")
    before.close()

    // The files are replaced in place, as a certificate renewal does: client-b's pair serves now.
    let files = FileManager.default
    try files.removeItem(atPath: certificates.certificate("server"))
    try files.copyItem(atPath: certificates.certificate("client-b"), toPath: certificates.certificate("server"))
    try files.removeItem(atPath: certificates.key("server"))
    try files.copyItem(atPath: certificates.key("client-b"), toPath: certificates.key("server"))
    try listener.reloadCertificates()

    let after = try #require(TestTLSClient(port: listener.boundPort, certificates: certificates, client: "client-a"))
    #expect(after.serverCommonName == "sender-b")
    after.close()
}

@Test func tlsListener_reloadCertificates_keepsCurrentCertificates_whenKeyIsMissing() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTLSListener(certificates.serverTLS(), registry: registry, recorder: recorder)
    defer { listener.stop() }

    try FileManager.default.removeItem(atPath: certificates.key("server"))
    #expect(throws: TLSSetupError.self) { try listener.reloadCertificates() }

    let client = try #require(TestTLSClient(port: listener.boundPort, certificates: certificates, client: "client-a"))
    #expect(client.send("<13>still served\n"))
    client.close()
    #expect(eventually { recorder.all.flatMap(\.texts) == ["<13>still served"] })
}

@Test func tlsListener_start_throwsNamingTheFile_whenCertificateIsMissing() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    var tls = certificates.serverTLS()
    tls.certificatePath = certificates.folder.appendingPathComponent("absent.pem").path

    let error = #expect(throws: TLSSetupError.self) {
        _ = try startTLSListener(tls, registry: MetricsRegistry(), recorder: SinkRecorder())
    }
    #expect(error?.description.contains("absent.pem") == true)
}

@Test func tlsListener_closesSlowSender_thatTricklesItsHandshake() throws {
    let certificates = try TestCertificates()
    defer { certificates.remove() }
    let (registry, recorder) = (MetricsRegistry(), SinkRecorder())
    let listener = try startTLSListener(
        certificates.serverTLS(), senderControl: SenderControl(slowSenderTimeout: .milliseconds(500)),
        registry: registry, recorder: recorder)
    defer { listener.stop() }

    // A handshake record header announcing 512 bytes, then one byte every 100 ms.
    let client = connectClient(port: listener.boundPort)
    defer { close(client) }
    sendAll(client, [0x16, 0x03, 0x01, 0x02, 0x00])
    var closedByServer = false
    for _ in 0..<30 where !closedByServer {
        usleep(100_000)
        closedByServer = send(client, "\u{1}", 1, Int32(MSG_NOSIGNAL)) < 0 || peerClosed(client, timeout: .zero)
    }

    #expect(closedByServer)
    #expect(eventually {
        counterValue(registry, "wfpwatch_connections_closed_total",
            ["listener": "tls-test", "transport": "tls", "reason": "slow"]) == 1
    })
}
