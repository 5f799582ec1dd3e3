import Testing
@testable import EventDecoding

@Suite struct EventXMLExtractorTests {
    private func xmlFields(_ text: String) -> (Bool, EventFields) {
        TextDecodingFixtures.extract(Array(text.utf8), EventXMLExtractor.extract)
    }

    @Test func eventXML_reads5156_systemEventDataAndMessage() {
        let (recognized, fields) = xmlFields(EventXMLFixtures.security5156)
        #expect(recognized)
        #expect(fields[.provider] == "Microsoft-Windows-Security-Auditing")
        #expect(fields[.eventID] == "5156")
        #expect(fields[.timeCreated] == "2024-12-04T15:30:00.1234567Z")
        #expect(fields[.channel] == "Security")
        #expect(fields[.computer] == "win01.example.test")
        #expect(fields[.processID] == "3596")
        #expect(fields[.application] == "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe")
        #expect(fields[.direction] == "%%14593")
        #expect(fields[.sourceAddress] == "192.0.2.10")
        #expect(fields[.sourcePort] == "50123")
        #expect(fields[.destinationAddress] == "198.51.100.7")
        #expect(fields[.destinationPort] == "443")
        #expect(fields[.protocolNumber] == "6")
        #expect(fields[.message] == "The Windows Filtering Platform has permitted a connection.\r\n\r\n"
            + "Network Information:\r\n\tDirection:\t\tOutbound")
    }

    @Test func eventXML_reads5157_prettyPrintedWithQualifiers() {
        let (recognized, fields) = xmlFields(EventXMLFixtures.security5157)
        #expect(recognized)
        #expect(fields[.eventID] == "5157")
        #expect(fields[.timeCreated] == "2024-12-04T15:31:02.000000000Z")
        #expect(fields[.computer] == "dc01.example.test")
        #expect(fields[.processID] == "996")
        #expect(fields[.direction] == "%%14592")
        #expect(fields[.sourceAddress] == "203.0.113.9")
        #expect(fields[.destinationAddress] == "192.0.2.20")
        #expect(fields[.destinationPort] == "135")
        #expect(fields[.message] == nil)
    }

    @Test func eventXML_readsSysmon3_ignoringNamespacePrefixes() {
        let (recognized, fields) = xmlFields(EventXMLFixtures.sysmon3)
        #expect(recognized)
        #expect(fields[.provider] == "Microsoft-Windows-Sysmon")
        #expect(fields[.eventID] == "3")
        #expect(fields[.channel] == "Microsoft-Windows-Sysmon/Operational")
        #expect(fields[.utcTime] == "2024-12-04 15:32:10.608")
        #expect(fields[.processID] == "6008")
        #expect(fields[.image] == "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
        #expect(fields[.user] == "EXAMPLE\\alice")
        #expect(fields[.protocolNumber] == "tcp")
        #expect(fields[.initiated] == "true")
        #expect(fields[.sourceAddress] == "192.0.2.44")
        #expect(fields[.sourcePort] == "49720")
        #expect(fields[.destinationAddress] == "2001:db8::7")
        #expect(fields[.destinationPort] == "8443")
    }

    @Test func eventXML_reads4688_decodingEntities() {
        let (recognized, fields) = xmlFields(EventXMLFixtures.security4688)
        #expect(recognized)
        #expect(fields[.eventID] == "4688")
        #expect(fields[.user] == "alice")
        #expect(fields[.newProcessID] == "0x1870")
        #expect(fields[.newProcessName] == "C:\\Windows\\System32\\cmd.exe")
        #expect(fields[.processID] == "0x181c")
        #expect(fields[.parentProcessName] == "C:\\Users\\alice\\Desktop\\tool.exe")
        #expect(fields[.commandLine] == "cmd.exe /c \"echo <ok> && whoami\" AB'")
    }

    @Test func eventXML_readsSysmon1_withCDATA() {
        let (recognized, fields) = xmlFields(EventXMLFixtures.sysmon1)
        #expect(recognized)
        #expect(fields[.eventID] == "1")
        #expect(fields[.processID] == "6256")
        #expect(fields[.image] == "C:\\Windows\\System32\\cmd.exe")
        #expect(fields[.commandLine] == "cmd.exe /c echo <b> & type a]]>b")
        #expect(fields[.parentProcessID] == "6172")
        #expect(fields[.parentProcessName] == "C:\\Users\\alice\\Desktop\\tool.exe")
        #expect(fields[.user] == "EXAMPLE\\alice")
    }

    @Test func eventXML_readsSysmon22_pastCommentAndDeclaration() {
        let (recognized, fields) = xmlFields(EventXMLFixtures.sysmon22)
        #expect(recognized)
        #expect(fields[.eventID] == "22")
        #expect(fields[.timeCreated] == "2024-12-04T15:35:54.518Z")
        #expect(fields[.processID] == "9076")
        #expect(fields[.queryName] == "update.example.test")
        #expect(fields[.queryResults] == "type:  5 cdn.example.test;::ffff:198.51.100.20;")
        #expect(fields[.image] == "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
    }

    /// Data outside EventData, a System child nested deeper, and a second Data of the same name.
    @Test func eventXML_readsOnlyDirectChildrenOfSections_firstValueWins() {
        let text = "<Event><System><EventID>5156</EventID><Extra><Channel>Wrong</Channel></Extra>"
            + "<Channel>Security</Channel></System><UserData><Data Name='DestPort'>1</Data></UserData>"
            + "<EventData><Data Name='DestPort'>443</Data><Data Name='DestPort'>80</Data><Data>unnamed</Data>"
            + "<Data Name='Application'/><Data Name='NotAField'>x</Data></EventData></Event>"
        let (recognized, fields) = xmlFields(text)
        #expect(recognized)
        #expect(fields[.channel] == "Security")
        #expect(fields[.destinationPort] == "443")
        #expect(fields[.application] == "")
    }

    @Test func eventXML_rejectsOtherFormats_malformedMarkup_andCutBeforeSystemEnds() {
        let rejected = [
            "", "   ", "plain text", "{\"EventID\":5156}", "<EventData><Data Name='ProcessID'>1</Data></EventData>",
            "text before <Event><System><EventID>1</EventID></System></Event>",
            "<Event><System><EventID 5156>5156</EventID></System></Event>",
            "<Event><System><EventID>5156</EventID></System><EventData><Data Name=ProcessID>1</Data></EventData>",
            "<Event><System><EventID>5156</EventID>< /System></Event>",
            "<Event><System><EventID>5156</EventID><Channel>Security",
        ]
        for text in rejected {
            #expect(!xmlFields(text).0, "\(text)")
        }
    }

    /// A message cut by a size limit after `</System>` still yields what precedes the cut.
    @Test func eventXML_keepsFieldsRead_whenCutAfterSystem() {
        let full = EventXMLFixtures.security5156
        let cut = String(full.prefix(upTo: full.range(of: "<Data Name='Protocol'>")!.upperBound)) + "6"
        let (recognized, fields) = xmlFields(cut)
        #expect(recognized)
        #expect(fields[.destinationPort] == "443")
        #expect(fields[.protocolNumber] == nil)
    }

    @Test func eventXML_survivesPrefixesRandomBytesAndHugeInput() {
        for fixture in EventXMLFixtures.all {
            TextDecodingFixtures.exerciseRobustness(Array(fixture.utf8), EventXMLExtractor.extract)
        }

        let system = "<Event><System><EventID>1</EventID></System>"
        let deep = system + String(repeating: "<a x='1'>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        TextDecodingFixtures.expectPrompt(Array((deep + "</Event>").utf8), EventXMLExtractor.extract)
        let entities = system + "<EventData><Data Name='CommandLine'>"
            + String(repeating: "&amp;&#x41;&bogus;&", count: 50_000) + "</Data></EventData></Event>"
        TextDecodingFixtures.expectPrompt(Array(entities.utf8), EventXMLExtractor.extract)
        let openComments = "<Event>" + String(repeating: "<!-", count: 200_000)
        TextDecodingFixtures.expectPrompt(Array(openComments.utf8), EventXMLExtractor.extract)
        let unclosedCDATA = system + "<EventData><Data Name='Image'>"
            + String(repeating: "<![CDATA[x]]", count: 100_000)
        TextDecodingFixtures.expectPrompt(Array(unclosedCDATA.utf8), EventXMLExtractor.extract)
    }
}
