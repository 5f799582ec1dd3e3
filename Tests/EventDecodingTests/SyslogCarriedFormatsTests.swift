import Foundation
import SyslogParsing
import Testing
import WFPCore

@testable import EventDecoding

/// Messages as they arrive: a real header parse, then the payload decoder, for each format a
/// forwarder may put behind a syslog header.
@Suite struct SyslogCarriedFormatsTests {
    let receivedAt = CivilTime.timestamp(year: 2024, month: 12, day: 4, hour: 15, minute: 30, second: 5)!

    func decode(_ bytes: [UInt8]) -> DecodeOutcome {
        bytes.withUnsafeBytes { frame in
            let header = SyslogParser().parse(frame, receivedAt: receivedAt)
            return PayloadDecoder().decode(frame: frame, header: header, receivedAt: receivedAt, truncated: false)
        }
    }

    func bugInput(_ name: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("../shared/bug-inputs/\(name)"))
        var bytes = [UInt8](data)
        while bytes.last == 0x0A { bytes.removeLast() }
        return bytes
    }

    @Test func snareOverTCP_case15_becomesInboundConnection() throws {
        let event = try #require(DecodingFixtures.event(decode(try bugInput("15.bin"))))
        #expect(event.format == .snare)
        #expect(event.eventID == 5156)
        #expect(event.host == "win01.example.test")
        let connection = try #require(event.connection)
        #expect(connection.direction == .inbound)
        #expect(connection.sourceAddress == IPAddress("192.0.2.10"))
        #expect(connection.destinationAddress == IPAddress("198.51.100.7"))
        #expect(connection.destinationPort == 50123)
        #expect(connection.protocolNumber == 6)
    }

    @Test func relayedSnare_case16_isCountedAsNotAnalysed() throws {
        guard case .skipped(let reason) = decode(try bugInput("16.bin")) else {
            Issue.record("expected the WSUS event to be skipped")
            return
        }
        #expect(reason == .eventNotAnalysed(10021))
    }

    @Test func jsonAfterHostname_case14_decodes() throws {
        let event = try #require(DecodingFixtures.event(decode(try bugInput("14.bin"))))
        #expect(event.host == "win01")
        #expect(event.connection?.destinationAddress == IPAddress("198.51.100.7"))
        #expect(event.connection?.direction == .inbound)
    }

    @Test func relayedJSON_case29_keysOnOriginHost() throws {
        let event = try #require(DecodingFixtures.event(decode(try bugInput("29.bin"))))
        #expect(event.host == "ws042.example.test")
        #expect(event.relay == "wec01.example.test")
    }

    @Test func eventXMLBehindRFC5424Header_decodes() throws {
        let frame = Array(("<14>1 2024-12-04T15:30:00Z wec01 EventLog - - - " + EventXMLFixtures.security5156).utf8)
        let event = try #require(DecodingFixtures.event(decode(frame)))
        #expect(event.format == .eventXML)
        #expect(event.host == "win01.example.test")
        #expect(event.relay == "wec01")
        #expect(event.connection?.process.image == "svchost.exe")
        #expect(event.connection?.destinationPort == 443)
        #expect(CivilTime.rfc3339(event.time) == "2024-12-04T15:30:00.123456700Z")
    }

    @Test func flattenedRenderedText_decodes() throws {
        let text = "<14>Dec  4 15:30:00 win02 Microsoft-Windows-Security-Auditing[4]: The Windows Filtering "
            + "Platform has permitted a connection. Application Information: Process ID: 6008 Application Name: "
            + "\\device\\harddiskvolume2\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe "
            + "Network Information: Direction: Outbound Source Address: 172.18.39.5 Source Port: 63732 "
            + "Destination Address: 10.10.10.5 Destination Port: 80 Protocol: 6"
        let event = try #require(DecodingFixtures.event(decode(Array(text.utf8))))
        #expect(event.format == .renderedText)
        #expect(event.host == "win02")
        let connection = try #require(event.connection)
        #expect(connection.process.pid == 6008)
        #expect(connection.process.image == "powershell.exe")
        #expect(connection.direction == .outbound)
        #expect(connection.destinationAddress.endpoint(port: connection.destinationPort) == "10.10.10.5:80")
    }
}
