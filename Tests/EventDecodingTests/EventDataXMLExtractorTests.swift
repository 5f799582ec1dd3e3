import Testing
@testable import EventDecoding

@Suite struct EventDataXMLExtractorTests {
    private static let azureCapture = "otrf_log4shell_java_serialized_object_azure_la.jsonl"

    private func fragmentFields(_ text: String) -> (Bool, EventFields) {
        TextDecodingFixtures.extract(Array(text.utf8), EventDataXMLExtractor.extract)
    }

    /// The `EventData` column of the first Azure Log Analytics line (5156), JSON-unescaped.
    @Test func eventDataXML_readsAzureLogAnalyticsFragment() throws {
        let event = try TextDecodingFixtures.realEvents(Self.azureCapture)[0]
        let fragment = try #require(event["EventData"] as? String)
        let (recognized, fields) = fragmentFields(fragment)
        #expect(recognized)
        #expect(fields[.processID] == "3936")
        #expect(fields[.application] == "\\device\\harddiskvolume2\\programdata\\chocolatey\\lib\\tomcat\\tools"
            + "\\apache-tomcat-9.0.62\\bin\\tomcat9.exe")
        #expect(fields[.direction] == "%%14592")
        #expect(fields[.sourceAddress] == "192.168.3.5")
        #expect(fields[.sourcePort] == "50452")
        #expect(fields[.destinationAddress] == "192.168.2.5")
        #expect(fields[.destinationPort] == "8080")
        #expect(fields[.protocolNumber] == "6")
        #expect(fields[.eventID] == nil)
    }

    /// Every XML line of the capture: each Data element that names a field must reach that
    /// field. `WindowsEvent` lines keep EventData as JSON, which is not this format.
    @Test func eventDataXML_readsEveryFragmentOfTheCapture() throws {
        var checked = 0
        for event in try TextDecodingFixtures.realEvents(Self.azureCapture) {
            guard let fragment = event["EventData"] as? String else { continue }
            let (recognized, fields) = fragmentFields(fragment)
            guard fragment.hasPrefix("<") else {
                #expect(!recognized)
                continue
            }
            #expect(recognized)
            // The first element of a field wins, as for every format.
            var expected = EventFields()
            for (name, value) in dataElements(fragment) {
                if let field = lookup(name) { expected.setIfAbsent(field, value) }
            }
            #expect(expected[.application] != nil)
            for field in FieldName.allCases {
                #expect(fields[field] == expected[field], "\(field)")
            }
            checked += 1
        }
        #expect(checked == 14)
    }

    @Test func eventDataXML_readsEmptyElements_singleQuotes_andSkipsNestedData() {
        let text = "<?xml version='1.0'?><EventData xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
            + "<Data Name='ProcessId'>7716</Data><Data Name='Application'/><Binary>00</Binary>"
            + "<ComplexData><Data Name='DestPort'>1</Data></ComplexData>"
            + "<Data Name=\"DestPort\">53</Data><Data Name='SourceAddress'>&#x3a;&#x3a;1</Data></EventData>"
        let (recognized, fields) = fragmentFields(text)
        #expect(recognized)
        #expect(fields[.processID] == "7716")
        #expect(fields[.application] == "")
        #expect(fields[.destinationPort] == "53")
        #expect(fields[.sourceAddress] == "::1")
    }

    @Test func eventDataXML_handsWholeEventToEventXMLExtractor() {
        let (recognized, fields) = fragmentFields(EventXMLFixtures.sysmon22)
        #expect(recognized)
        #expect(fields[.eventID] == "22")
        #expect(fields[.queryName] == "update.example.test")
    }

    @Test func eventDataXML_rejectsOtherRoots_andMalformedMarkup() {
        let rejected = [
            "", "EventData", "<System><EventID>1</EventID></System>", "</EventData>",
            "<EventData><Data Name='ProcessID'>1</Data><=></EventData>",
            "<EventData><Data Name=ProcessID>1</Data></EventData>",
        ]
        for text in rejected {
            #expect(!fragmentFields(text).0, "\(text)")
        }
        let (emptyRecognized, _) = fragmentFields("<EventData/>")
        #expect(emptyRecognized)
    }

    @Test func eventDataXML_survivesPrefixesRandomBytesAndHugeInput() throws {
        let fragment = try #require(try TextDecodingFixtures.realEvents(Self.azureCapture)[0]["EventData"] as? String)
        TextDecodingFixtures.exerciseRobustness(Array(fragment.utf8), EventDataXMLExtractor.extract)

        let many = "<EventData>" + String(repeating: "<Data Name='ProcessID'>1</Data>", count: 50_000) + "</EventData>"
        TextDecodingFixtures.expectPrompt(Array(many.utf8), EventDataXMLExtractor.extract)
        let deep = "<EventData>" + String(repeating: "<Data Name='Image'>", count: 100_000)
        TextDecodingFixtures.expectPrompt(Array(deep.utf8), EventDataXMLExtractor.extract)
    }

    /// `(Name, value)` of each `<Data Name="...">value</Data>` in a capture fragment, found with
    /// plain string search so the check does not share code with the extractor.
    private func dataElements(_ fragment: String) -> [(String, String)] {
        fragment.components(separatedBy: "<Data Name=\"").dropFirst().compactMap { piece in
            guard let nameEnd = piece.range(of: "\">"), let valueEnd = piece.range(of: "</Data>") else { return nil }
            return (String(piece[..<nameEnd.lowerBound]), String(piece[nameEnd.upperBound..<valueEnd.lowerBound]))
        }
    }

    private func lookup(_ name: String) -> FieldName? {
        Array(name.utf8).withUnsafeBytes { FieldName(key: $0) }
    }
}
