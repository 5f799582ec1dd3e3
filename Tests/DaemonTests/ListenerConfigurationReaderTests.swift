import Foundation
import Receiving
import Testing
import WFPCore

@testable import Daemon

/// A folder holding empty `server.pem`, `server.key` and `ca.pem`: the reader checks only that
/// the files can be read; the listener loads them.
private struct CertificateFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-conf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for name in ["server.pem", "server.key", "ca.pem"] {
            FileManager.default.createFile(atPath: path + "/" + name, contents: Data())
        }
    }

    func parse(_ text: String) throws(ConfigurationError) -> WFPWatchConfiguration {
        try WFPWatchConfiguration.parse(text, file: "test.yaml", baseDirectory: path)
    }

    func rejection(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Test func listenerConfiguration_readsTLSListener_withFilesResolvedAgainstConfigFolder() throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let configuration = try folder.parse("""
        listeners:
          - transport: tls
            port: 6514
            tls:
              certificate: server.pem
              key: server.key
              client_ca: ca.pem
              allowed_subjects: [dc01.example.org, "relay-a"]
        """)

    let listener = try #require(configuration.listeners.first)
    #expect(listener.transport == .tcp)
    #expect(listener.transportLabel == "tls")
    #expect(listener.name == "tls-6514")
    #expect(listener.tls == TLSConfiguration(
        certificatePath: folder.path + "/server.pem", keyPath: folder.path + "/server.key",
        clientCAPath: folder.path + "/ca.pem", allowedSubjects: ["dc01.example.org", "relay-a"]))
}

@Test func listenerConfiguration_readsSenderControl() throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let configuration = try folder.parse("""
        listeners:
          - transport: tcp
            allowed_sources: [10.0.0.0/8, 192.0.2.7, "2001:db8::/32"]
            max_connections_per_source: 4
            slow_sender_timeout: 30s
          - transport: udp
            allowed_sources: [172.16.0.0/12]
        """)

    let tcp = configuration.listeners[0].senderControl
    #expect(tcp.allowedSources == [CIDRBlock("10.0.0.0/8")!, CIDRBlock("192.0.2.7")!, CIDRBlock("2001:db8::/32")!])
    #expect(tcp.maximumConnectionsPerSource == 4)
    #expect(tcp.slowSenderTimeout == .seconds(30))
    #expect(configuration.listeners[1].senderControl.allowedSources == [CIDRBlock("172.16.0.0/12")!])
    #expect(configuration.listeners[0].tls == nil)
}

@Test func listenerConfiguration_rejectsTLSKeys_withFileLineAndKey() throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }

    #expect(folder.rejection("listeners:\n  - transport: tls\n")
        == "test.yaml:2: listeners[0]: missing required key 'tls'")
    #expect(folder.rejection("listeners:\n  - transport: tcp\n    tls: {certificate: server.pem, key: server.key}\n")
        == "test.yaml:3: listeners[0].tls: is valid only with transport: tls")
    #expect(folder.rejection("listeners:\n  - transport: tls\n    tls: {certificate: server.pem}\n")
        == "test.yaml:3: listeners[0].tls: missing required key 'key'")
    #expect(folder.rejection("listeners:\n  - transport: tls\n    tls: {certificate: server.pem, key: server.key, ca: x}\n")?
        .hasPrefix("test.yaml:3: listeners[0].tls.ca: unknown key") == true)
    #expect(folder.rejection("""
        listeners:
          - transport: tls
            tls: {certificate: server.pem, key: server.key, allowed_subjects: [a]}
        """) == "test.yaml:3: listeners[0].tls.allowed_subjects: needs client_ca: subjects are read from verified client certificates")
}

@Test func listenerConfiguration_rejectsMissingCertificateFile_atLoad() throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }
    let text = """
        listeners:
          - transport: tls
            tls:
              certificate: server.pem
              key: server.key
              client_ca: missing-ca.pem
        """
    #expect(folder.rejection(text)
        == "test.yaml:6: listeners[0].tls.client_ca: cannot read file '\(folder.path)/missing-ca.pem' (missing or not readable)")
}

@Test func listenerConfiguration_rejectsSenderControlValues_withFileLineAndKey() throws {
    let folder = try CertificateFolder()
    defer { folder.remove() }

    #expect(folder.rejection("listeners:\n  - transport: tcp\n    allowed_sources: [10.0.0.0/33]\n")?
        .hasPrefix("test.yaml:3: listeners[0].allowed_sources[0]: '10.0.0.0/33' is not an address block") == true)
    #expect(folder.rejection("listeners:\n  - transport: tcp\n    allowed_sources: 10.0.0.0/8\n")
        == "test.yaml:3: listeners[0].allowed_sources: expected a list, found '10.0.0.0/8'")
    #expect(folder.rejection("listeners:\n  - transport: udp\n    max_connections_per_source: 2\n")
        == "test.yaml:3: listeners[0].max_connections_per_source: is valid only with transport: tcp or tls")
    #expect(folder.rejection("listeners:\n  - transport: udp\n    slow_sender_timeout: 5s\n")
        == "test.yaml:3: listeners[0].slow_sender_timeout: is valid only with transport: tcp or tls")
    #expect(folder.rejection("listeners:\n  - transport: tcp\n    max_connections_per_source: 0\n")?
        .hasPrefix("test.yaml:3: listeners[0].max_connections_per_source: 0 is out of range") == true)
}
