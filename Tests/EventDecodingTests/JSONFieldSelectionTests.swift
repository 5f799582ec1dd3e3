import Foundation
import Testing
import WFPCore
@testable import EventDecoding

// `JSONEventExtractor` makes strings only of the fields `WindowsEventNormalizer.fieldsRead`
// names for the event id; these tests decode events both ways and expect the same outcome.

@Test func jsonFieldSelection_decodesRealCapturesAsWithEveryField() throws {
    let captures = [
        "otrf_covenant_dcom_executeexcel4macro_blocked.jsonl", "otrf_empire_launcher_sct_regsvr32.jsonl",
        "otrf_empire_psinject_peinjection.jsonl", "otrf_log4shell_java_serialized_object_azure_la.jsonl",
        "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl",
    ]
    var kinds: Set<String> = []
    var compared = 0
    for capture in captures {
        for line in try DecodingFixtures.realCaptureLines(capture) {
            let selected = FieldSelectionOutcome(line, .readFields)
            #expect(selected == FieldSelectionOutcome(line, .allFields), "\(capture): \(selected)")
            kinds.insert(selected.summary)
            compared += 1
        }
    }
    #expect(compared > 1_000)
    #expect(kinds.contains("5156 connection") && kinds.contains("5157 connection"))
    #expect(kinds.contains("4688 process_start") && kinds.contains("22 dns_query"))
}

@Test(arguments: [
    // EventTime does not read: the next time in order must still be there.
    #"{"EventID":5156,"EventTime":"garbage","TimeCreated":"2026-01-02T03:04:05Z","@timestamp":"2026-01-01T00:00:00Z","#
        + #""SourceAddress":"10.0.0.1","DestAddress":"10.0.0.2","DestPort":"443","Application":"C:\\x.exe"}"#,
    #"{"EventID":5156,"Hostname":"ws1","SourceAddress":"10.0.0.1","DestAddress":"10.0.0.2","DestPort":"99999"}"#,
    #"{"EventID":4688,"NewProcessName":"C:\\a.exe","NewProcessId":"0x10","TargetUserName":"bob","#
        + #""SubjectUserName":"-","ParentProcessName":"C:\\p.exe","CommandLine":"a -b","#
        + #""UtcTime":"2026-01-01 00:00:00"}"#,
    #"{"EventID":4689,"ProcessName":"C:\\a.exe","ProcessId":"0x10","SubjectUserName":"alice"}"#,
    #"{"EventID":3,"Channel":"Microsoft-Windows-Sysmon/Operational","Image":"C:\\b.exe","Initiated":"true","#
        + #""SourceIp":"10.0.0.1","DestinationIp":"10.0.0.2","DestinationPort":"53","ProcessId":"7"}"#,
    #"{"EventID":5,"UtcTime":"2026-01-01 00:00:00.000","Image":"C:\\b.exe","ProcessId":"7"}"#,
    #"{"EventID":4624,"TargetUserName":"bob"}"#,
])
func jsonFieldSelection_decodesCraftedEventsAsWithEveryField(json: String) {
    let line = Array(json.utf8)
    #expect(FieldSelectionOutcome(line, .readFields) == FieldSelectionOutcome(line, .allFields))
}

@Test func jsonRawFields_holdsOneRangePerFieldName() {
    #expect(JSONRawFields.Storage.count == FieldName.allCases.count)
}

/// A JSON line's decode outcome in a comparable form, with its fields chosen one way or the other.
private struct FieldSelectionOutcome: Equatable, CustomStringConvertible {
    var event: NormalizedEvent?
    var summary: String

    init(_ line: [UInt8], _ materializing: JSONEventExtractor.Materializing) {
        let envelope = WindowsEventNormalizer.Envelope(
            syslogHostname: "relay", headerTime: nil, receivedAt: DecodingFixtures.receivedAt, truncated: false)
        let outcome: DecodeOutcome = line.withUnsafeBytes { bytes in
            switch JSONEventExtractor.extract(bytes, materializing: materializing) {
            case .fields(let fields, let format):
                WindowsEventNormalizer(options: DecoderOptions()).normalize(fields, format: format, envelope: envelope)
            case .notWindowsEvent: .skipped(.notWindowsEvent)
            case .failed(let failure): .failed(failure)
            }
        }
        switch outcome {
        case .event(let event):
            self.event = event
            summary = "\(event.eventID) \(event.kind.rawValue)"
        case .skipped(let reason): summary = "skipped \(reason)"
        case .failed(let failure): summary = "failed \(failure)"
        }
    }

    var description: String { summary }
}
