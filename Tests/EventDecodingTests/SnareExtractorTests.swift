import Testing
@testable import EventDecoding

@Suite struct SnareExtractorTests {
    /// The Snare body of a bug input: the bytes from the `MSWinEventLog` tag on.
    private func body(ofBugInput number: String) throws -> [UInt8] {
        let frame = try TextDecodingFixtures.bugInput(number)
        let tag = Array("MSWinEventLog".utf8)
        let start = try #require((0...(frame.count - tag.count)).first { Array(frame[$0..<$0 + tag.count]) == tag })
        return Array(frame[start...])
    }

    private func record(_ bytes: [UInt8]) -> SnareRecord? {
        bytes.withUnsafeBytes { SnareRecord.parse($0) }
    }

    @Test func snareRecord_readsAllColumns_ofTabSeparatedBugInput15() throws {
        let parsed = try #require(record(try body(ofBugInput: "15")))
        #expect(parsed.criticality == "1")
        #expect(parsed.logName == "Security")
        #expect(parsed.recordCounter == "4242")
        #expect(parsed.dateTime == "Wed Dec 04 15:30:00 2024")
        #expect(parsed.eventTime == "2024-12-04 15:30:00")
        #expect(parsed.eventID == "5156")
        #expect(parsed.sourceName == "Microsoft-Windows-Security-Auditing")
        #expect(parsed.userName == "N/A")
        #expect(parsed.sidType == "N/A")
        #expect(parsed.eventType == "Success Audit")
        #expect(parsed.computer == "win01.example.test")
        #expect(parsed.category == "Filtering Platform Connection")
        #expect(parsed.dataString == "")
        #expect(parsed.expandedText == "The Windows Filtering Platform has permitted a connection. Direction: Inbound "
            + "Source Address: 192.0.2.10 Source Port: 445 Destination Address: 198.51.100.7 "
            + "Destination Port: 50123 Protocol: 6")
        #expect(parsed.trailingCounter == "77")
    }

    @Test func snareRecord_readsAllColumns_ofRelayEscapedBugInput16() throws {
        let parsed = try #require(record(try body(ofBugInput: "16")))
        #expect(parsed.criticality == "2")
        #expect(parsed.logName == "Application")
        #expect(parsed.recordCounter == "7042")
        #expect(parsed.eventTime == "2024-12-04 15:30:00")
        #expect(parsed.eventID == "10021")
        #expect(parsed.sourceName == "Windows Server Update Services")
        #expect(parsed.userName == "N/A")
        #expect(parsed.sidType == "N/A")
        #expect(parsed.eventType == "Warning")
        #expect(parsed.computer == "wsus01.example.test")
        #expect(parsed.category == "None")
        #expect(parsed.dataString == "")
        #expect(parsed.expandedText == "Catalog synchronization is overdue.")
        #expect(parsed.trailingCounter == "7042")
        let allText = [parsed.expandedText, parsed.trailingCounter ?? "", parsed.category].joined()
        #expect(!allText.contains("\r") && !allText.contains("#01"))
    }

    @Test func snareExtractor_fillsFields_andReadsExpandedText_ofBugInput15() throws {
        let (recognized, fields) = TextDecodingFixtures.extract(try body(ofBugInput: "15"), SnareExtractor.extract)
        #expect(recognized)
        #expect(fields[.eventID] == "5156")
        #expect(fields[.channel] == "Security")
        #expect(fields[.provider] == "Microsoft-Windows-Security-Auditing")
        #expect(fields[.computer] == "win01.example.test")
        #expect(fields[.eventTime] == "2024-12-04 15:30:00")
        #expect(fields[.direction] == "Inbound")
        #expect(fields[.sourceAddress] == "192.0.2.10")
        #expect(fields[.sourcePort] == "445")
        #expect(fields[.destinationAddress] == "198.51.100.7")
        #expect(fields[.destinationPort] == "50123")
        #expect(fields[.protocolNumber] == "6")
    }

    @Test func snareExtractor_fillsFields_ofBugInput16_withoutCarriageReturn() throws {
        let (recognized, fields) = TextDecodingFixtures.extract(try body(ofBugInput: "16"), SnareExtractor.extract)
        #expect(recognized)
        #expect(fields[.eventID] == "10021")
        #expect(fields[.channel] == "Application")
        #expect(fields[.provider] == "Windows Server Update Services")
        #expect(fields[.computer] == "wsus01.example.test")
        #expect(fields[.eventTime] == "2024-12-04 15:30:00")
        #expect(fields[.direction] == nil)
    }

    /// The syslog parser may hand over the body after the tag, with or without its separator.
    @Test func snareExtractor_acceptsBodyAfterTag() throws {
        let full = try body(ofBugInput: "16")
        for dropped in ["MSWinEventLog".utf8.count, "MSWinEventLog#011".utf8.count] {
            let (recognized, fields) = TextDecodingFixtures.extract(Array(full[dropped...]), SnareExtractor.extract)
            #expect(recognized)
            #expect(fields[.eventID] == "10021")
            #expect(fields[.channel] == "Application")
        }
        let afterTab = Array(try body(ofBugInput: "15")["MSWinEventLog\t".utf8.count...])
        #expect(record(afterTab)?.eventID == "5156")
    }

    /// An rsyslog relay also escapes the CRLF and TABs of Windows' own layout inside the text.
    @Test func snareExtractor_readsEscapedMultiLineText_withoutTrailingCounter() {
        let text = "MSWinEventLog#0111#011Security#01199#011Thu Dec  5 08:01:02 2024#0114688#011"
            + "Microsoft-Windows-Security-Auditing#011N/A#011N/A#011Success Audit#011ws7#011Process Creation#011#011"
            + "A new process has been created.#015#012#015#012Creator Subject:#015#012#011Account Name:#011#011bob"
            + "#015#012#011New Process Name:#011C:\\Windows\\System32\\cmd.exe#015"
        let (recognized, fields) = TextDecodingFixtures.extract(Array(text.utf8), SnareExtractor.extract)
        #expect(recognized)
        #expect(fields[.eventTime] == "2024-12-05 08:01:02")
        #expect(fields[.eventID] == "4688")
        #expect(fields[.user] == "bob")
        #expect(fields[.newProcessName] == "C:\\Windows\\System32\\cmd.exe")
        let parsed = record(Array(text.utf8))
        #expect(parsed?.trailingCounter == nil)
        let expectedStart = "A new process has been created.\n\nCreator Subject:\n\tAccount"
        #expect(parsed?.expandedText.hasPrefix(expectedStart) == true)
    }

    @Test func snareExtractor_rejectsOtherText_andBrokenColumns() {
        let rejected = [
            "", "MSWinEventLog", "plain syslog text without columns", "{\"EventID\":5156}",
            "MSWinEventLog\tx\tSecurity\t1\tWed Dec 04 15:30:00 2024\t5156",
            "MSWinEventLog\t1\tSecurity\t1\tyesterday\t5156\tsrc",
            "MSWinEventLog\t1\tSecurity\t1\tWed Dec 04 15:30:00 2024\tfifty",
            "MSWinEventLog\t1\tSecurity\t1\tWed Foo 04 15:30:00 2024\t5156",
        ]
        for text in rejected {
            let (recognized, fields) = TextDecodingFixtures.extract(Array(text.utf8), SnareExtractor.extract)
            #expect(!recognized, "\(text)")
            #expect(fields[.eventID] == nil)
        }
    }

    @Test func snareExtractor_survivesPrefixesRandomBytesAndHugeInput() throws {
        TextDecodingFixtures.exerciseRobustness(try body(ofBugInput: "15"), SnareExtractor.extract)
        TextDecodingFixtures.exerciseRobustness(try body(ofBugInput: "16"), SnareExtractor.extract)

        let manyColumns = "MSWinEventLog\t1\tSecurity\t1\tWed Dec 04 15:30:00 2024\t5156"
            + String(repeating: "\tcolumn", count: 200_000)
        TextDecodingFixtures.expectPrompt(Array(manyColumns.utf8), SnareExtractor.extract)
        let escapes = "MSWinEventLog#0111#011Security#0111#011Wed Dec 04 15:30:00 2024#0115156"
            + String(repeating: "#011#015#012#", count: 100_000)
        TextDecodingFixtures.expectPrompt(Array(escapes.utf8), SnareExtractor.extract)
    }
}
