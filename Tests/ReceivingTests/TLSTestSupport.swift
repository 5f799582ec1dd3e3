import COpenSSL
import Foundation
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

/// Certificates made with the `openssl` command line into a fresh temporary folder: a CA, a server
/// certificate and two client certificates from it (CN `sender-a` with DNS name
/// `sender-a.example`, and CN `sender-b`), and a client certificate from another CA.
/// `remove()` deletes the folder.
struct TestCertificates {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try makeAuthority("ca", commonName: "wfpwatch test CA")
        try makeAuthority("other-ca", commonName: "some other CA")
        try makeLeaf("server", commonName: "localhost", alternativeName: "DNS:localhost,IP:127.0.0.1", authority: "ca")
        try makeLeaf("client-a", commonName: "sender-a", alternativeName: "DNS:sender-a.example", authority: "ca")
        try makeLeaf("client-b", commonName: "sender-b", alternativeName: nil, authority: "ca")
        try makeLeaf("stranger", commonName: "sender-a", alternativeName: nil, authority: "other-ca")
    }

    func certificate(_ name: String) -> String { folder.appendingPathComponent("\(name).pem").path }
    func key(_ name: String) -> String { folder.appendingPathComponent("\(name).key").path }

    /// The server's TLS configuration; with the client CA unless `mutual` is false.
    func serverTLS(mutual: Bool = true, allowedSubjects: [String] = []) -> TLSConfiguration {
        TLSConfiguration(
            certificatePath: certificate("server"), keyPath: key("server"),
            clientCAPath: mutual ? certificate("ca") : nil, allowedSubjects: allowedSubjects)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func makeAuthority(_ name: String, commonName: String) throws {
        try runOpenSSL([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key(name), "-out", certificate(name), "-days", "1", "-subj", "/CN=\(commonName)",
        ])
    }

    private func makeLeaf(_ name: String, commonName: String, alternativeName: String?, authority: String) throws {
        let request = folder.appendingPathComponent("\(name).csr").path
        var arguments = [
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key(name), "-out", request, "-subj", "/CN=\(commonName)",
        ]
        if let alternativeName { arguments += ["-addext", "subjectAltName=\(alternativeName)"] }
        try runOpenSSL(arguments)
        try runOpenSSL([
            "x509", "-req", "-in", request, "-CA", certificate(authority), "-CAkey", key(authority),
            "-CAcreateserial", "-copy_extensions", "copy", "-days", "1", "-out", certificate(name),
        ])
    }

    private func runOpenSSL(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments.prefix(2)) failed")
    }
}

/// Runs `openssl s_client` against `port` on loopback, writes `input` to it, closes its input and
/// waits up to five seconds for it to end (it is terminated otherwise). Returns its exit status.
@discardableResult
func runSClient(port: UInt16, certificates: TestCertificates, client: String?, input: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    var arguments = [
        "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", certificates.certificate("ca"),
        "-verify_return_error", "-quiet", "-no_ign_eof",
    ]
    if let client { arguments += ["-cert", certificates.certificate(client), "-key", certificates.key(client)] }
    process.arguments = arguments
    let stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()

    // A refused s_client may be gone already; its input then takes nothing.
    try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
    // s_client reads its input only after the handshake; a moment lets the lines go out first.
    usleep(300_000)
    try? stdin.fileHandleForWriting.close()
    let deadline = ContinuousClock.now + .seconds(5)
    while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    return process.terminationStatus
}

/// A blocking TLS client written against OpenSSL directly, for what `s_client` cannot do.
final class TestTLSClient {
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    let socketDescriptor: Int32

    /// Connects and completes the handshake (as far as the client sees it), verifying the server
    /// against the test CA. Returns nil when the handshake fails on the client's side.
    init?(port: UInt16, certificates: TestCertificates, client: String?) {
        context = SSL_CTX_new(TLS_client_method())!
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        SSL_CTX_load_verify_locations(context, certificates.certificate("ca"), nil)
        if let client {
            SSL_CTX_use_certificate_chain_file(context, certificates.certificate(client))
            SSL_CTX_use_PrivateKey_file(context, certificates.key(client), SSL_FILETYPE_PEM)
        }
        socketDescriptor = connectClient(port: port)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        ssl = SSL_new(context)!
        SSL_set_fd(ssl, socketDescriptor)
        guard SSL_connect(ssl) == 1 else {
            close()
            return nil
        }
    }

    /// The subject CN of the server's certificate.
    var serverCommonName: String? { tlsPeerNames(ssl).first }

    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) } == Int32(bytes.count)
    }

    /// Bytes written but not yet taken by the server's socket (TIOCOUTQ); -1 when unknown.
    var unsentBytes: Int {
        var count: Int32 = 0
        guard ioctl(socketDescriptor, UInt(TIOCOUTQ), &count) == 0 else { return -1 }
        return Int(count)
    }

    /// Waits until the kernel has moved every byte written into the server's socket, without
    /// waiting for the server to read any of it. False when that takes longer than `timeout`.
    func waitUntilDelivered(timeout: Duration = .seconds(10)) -> Bool {
        eventually(timeout: timeout) { unsentBytes == 0 }
    }

    /// True once the server has closed the connection or refused it with an alert.
    func serverClosed() -> Bool {
        var byte: UInt8 = 0
        return SSL_read(ssl, &byte, 1) <= 0
    }

    func close() {
        SSL_shutdown(ssl)
        SSL_free(ssl)
        SSL_CTX_free(context)
        Glibc.close(socketDescriptor)
    }
}

/// Starts a TLS listener on a kernel-chosen loopback port with `tls` and `senderControl`.
func startTLSListener(
    _ tls: TLSConfiguration, senderControl: SenderControl = SenderControl(), registry: MetricsRegistry,
    recorder: SinkRecorder
) throws -> TCPListener {
    let configuration = ListenerConfiguration(
        name: "tls-test", transport: .tcp, port: 0, tls: tls, senderControl: senderControl)
    let listener = TCPListener(
        configuration: configuration, makeSink: recorder.factory, metrics: registry, log: makeLog().0)
    try listener.start()
    return listener
}

func handshakeFailures(_ registry: MetricsRegistry, _ reason: String) -> Int {
    counterValue(registry, "wfpwatch_tls_handshake_failures_total", ["listener": "tls-test", "reason": reason])
}
