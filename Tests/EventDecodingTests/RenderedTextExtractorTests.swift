import Foundation
import Testing
@testable import EventDecoding

@Suite struct RenderedTextExtractorTests {
    /// NXLog JSON `Message` of a 5156 in the Covenant capture (second line), CRLF and TABs.
    @Test func renderedText_reads5156_fromRealCaptureMessage() throws {
        let event = try TextDecodingFixtures.realEvents("otrf_covenant_dcom_executeexcel4macro_blocked.jsonl")[1]
        let message = try #require(event["Message"] as? String)
        #expect(message.contains("\r\n\tDirection:\t\tOutbound"))

        let (recognized, fields) = TextDecodingFixtures.renderedFields(message)
        #expect(recognized)
        #expect(fields[.eventID] == "5156")
        #expect(fields[.provider] == "Microsoft-Windows-Security-Auditing")
        #expect(fields[.processID] == "3596")
        #expect(fields[.application]?.hasSuffix("\\guestagent\\windowsazureguestagent.exe") == true)
        #expect(fields[.direction] == "Outbound")
        #expect(fields[.sourceAddress] == "172.18.38.5")
        #expect(fields[.sourcePort] == "56374")
        #expect(fields[.destinationAddress] == "168.63.129.16")
        #expect(fields[.destinationPort] == "80")
        #expect(fields[.protocolNumber] == "6")
    }

    @Test func renderedText_reads5157_oneFieldPerLine() {
        let text = """
            The Windows Filtering Platform has blocked a connection.
            Process ID: 996
            Application Name: \\device\\harddiskvolume2\\windows\\system32\\svchost.exe
            Direction: Inbound
            Source Address: 192.0.2.10
            Source Port: 61405
            Destination Address: 198.51.100.7
            Destination Port: 135
            Protocol: 6
            """
        let (recognized, fields) = TextDecodingFixtures.renderedFields(text)
        #expect(recognized)
        #expect(fields[.eventID] == "5157")
        #expect(fields[.processID] == "996")
        #expect(fields[.application] == "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe")
        #expect(fields[.direction] == "Inbound")
        #expect(fields[.sourceAddress] == "192.0.2.10")
        #expect(fields[.destinationAddress] == "198.51.100.7")
        #expect(fields[.destinationPort] == "135")
    }

    /// The expanded text of bug input 15, as Snare flattens it: labels separated by spaces only.
    @Test func renderedText_reads5156_flattenedBySnare() {
        let text = "The Windows Filtering Platform has permitted a connection. Direction: Inbound Source Address: "
            + "192.0.2.10 Source Port: 445 Destination Address: 198.51.100.7 Destination Port: 50123 Protocol: 6"
        let (recognized, fields) = TextDecodingFixtures.renderedFields(text)
        #expect(recognized)
        #expect(fields[.eventID] == "5156")
        #expect(fields[.direction] == "Inbound")
        #expect(fields[.sourceAddress] == "192.0.2.10")
        #expect(fields[.sourcePort] == "445")
        #expect(fields[.destinationAddress] == "198.51.100.7")
        #expect(fields[.destinationPort] == "50123")
        #expect(fields[.protocolNumber] == "6")
        #expect(fields[.processID] == nil)
    }

    @Test func renderedText_readsAllowedVariant_andKeepsEventIDAlreadySet() {
        let text = "A network connection has been allowed.\nDirection: Outbound\nDestination Port: 443\n"
        var fields = EventFields()
        fields[.eventID] = "5156"
        fields[.destinationPort] = "8443"
        let recognized = Array(text.utf8).withUnsafeBytes { RenderedTextExtractor.extract($0, into: &fields) }
        #expect(recognized)
        #expect(fields[.eventID] == "5156")
        #expect(fields[.direction] == "Outbound")
        #expect(fields[.destinationPort] == "8443")

        var blocked = EventFields()
        blocked[.eventID] = "9999"
        let blockedText = Array("A network connection has been blocked. Protocol: 17".utf8)
        #expect(blockedText.withUnsafeBytes { RenderedTextExtractor.extract($0, into: &blocked) })
        #expect(blocked[.eventID] == "9999")
        #expect(blocked[.protocolNumber] == "17")
    }

    /// 4688 flattened: the user is the creator subject's account, not the target subject's, and
    /// the command line stops before the explanation Windows appends.
    @Test func renderedText_reads4688_flattened() {
        let text = "A new process has been created. Creator Subject: Security ID: S-1-5-21-1-2-3-1104 "
            + "Account Name: alice Account Domain: EXAMPLE Logon ID: 0x2B78CD Target Subject: Security ID: S-1-0-0 "
            + "Account Name: - Account Domain: - Logon ID: 0x0 Process Information: New Process ID: 0x1870 "
            + "New Process Name: C:\\Windows\\System32\\cmd.exe Token Elevation Type: %%1938 Mandatory Label: "
            + "S-1-16-8192 Creator Process ID: 0x181c Creator Process Name: C:\\Users\\alice\\Desktop\\tool.exe "
            + "Process Command Line: \"cmd.exe\" /c whoami /all Token Elevation Type indicates the type of token "
            + "that was assigned to the new process. Type 1 is a full token."
        let (recognized, fields) = TextDecodingFixtures.renderedFields(text)
        #expect(recognized)
        #expect(fields[.eventID] == "4688")
        #expect(fields[.user] == "alice")
        #expect(fields[.newProcessID] == "0x1870")
        #expect(fields[.newProcessName] == "C:\\Windows\\System32\\cmd.exe")
        #expect(fields[.processID] == "0x181c")
        #expect(fields[.parentProcessName] == "C:\\Users\\alice\\Desktop\\tool.exe")
        #expect(fields[.commandLine] == "\"cmd.exe\" /c whoami /all")
    }

    @Test func renderedText_readsSysmon22AndSysmon3_perLine() {
        let dns = "Dns query:\r\nRuleName: -\r\nUtcTime: 2024-12-04 15:30:00.518\r\nProcessId: 9076\r\n"
            + "QueryName: update.example.test\r\nQueryStatus: 0\r\nQueryResults: ::ffff:192.0.2.80;\r\n"
            + "Image: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
        let (dnsRecognized, dnsFields) = TextDecodingFixtures.renderedFields(dns)
        #expect(dnsRecognized)
        #expect(dnsFields[.eventID] == "22")
        #expect(dnsFields[.provider] == "Microsoft-Windows-Sysmon")
        #expect(dnsFields[.queryName] == "update.example.test")
        #expect(dnsFields[.queryResults] == "::ffff:192.0.2.80;")
        #expect(dnsFields[.image] == "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
        #expect(dnsFields[.utcTime] == "2024-12-04 15:30:00.518")

        let connection = "Network connection detected:\nProcessId: 6008\nImage: C:\\Windows\\notepad.exe\n"
            + "Protocol: tcp\nInitiated: true\nSourceIp: 192.0.2.5\nSourcePort: 49720\n"
            + "DestinationIp: 203.0.113.5\nDestinationPort: 80\n"
        let (recognized, fields) = TextDecodingFixtures.renderedFields(connection)
        #expect(recognized)
        #expect(fields[.eventID] == "3")
        #expect(fields[.initiated] == "true")
        #expect(fields[.protocolNumber] == "tcp")
        #expect(fields[.destinationAddress] == "203.0.113.5")
        #expect(fields[.sourcePort] == "49720")
    }

    @Test func renderedText_findsOpening_afterForwarderPrefix() {
        let text = "Security: The Windows Filtering Platform has permitted a connection. Destination Port: 3389"
        let (recognized, fields) = TextDecodingFixtures.renderedFields(text)
        #expect(recognized)
        #expect(fields[.destinationPort] == "3389")
    }

    @Test func renderedText_rejectsUnknownText_andSetsNothing() {
        for text in ["Catalog synchronization is overdue.", "", "Direction: Inbound Source Port: 1",
                     "An account failed to log on.\r\n\r\nSubject:\r\n\tAccount Name:\t\t-\r\n"] {
            let (recognized, fields) = TextDecodingFixtures.renderedFields(text)
            #expect(!recognized)
            #expect(FieldName.allCases.allSatisfy { fields[$0] == nil })
        }
    }

    @Test func renderedText_survivesPrefixesRandomBytesAndHugeInput() throws {
        let event = try TextDecodingFixtures.realEvents("otrf_covenant_dcom_executeexcel4macro_blocked.jsonl")[69]
        let message = try #require(event["Message"] as? String)
        TextDecodingFixtures.exerciseRobustness(Array(message.utf8), RenderedTextExtractor.extract)

        let flat = "The Windows Filtering Platform has blocked a connection."
            + String(repeating: " Protocol: 6", count: 80_000)
        TextDecodingFixtures.expectPrompt(Array(flat.utf8), RenderedTextExtractor.extract)
        let lines = "Process Create:" + String(repeating: "\r\n\tImage: x", count: 80_000)
        TextDecodingFixtures.expectPrompt(Array(lines.utf8), RenderedTextExtractor.extract)
    }
}
