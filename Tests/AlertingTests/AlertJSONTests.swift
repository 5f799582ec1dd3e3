import Detection
import Enrichment
import EventDecoding
import Foundation
import Testing
import WFPCore

@testable import Alerting

private typealias F = AlertingFixtures

private func parse(_ line: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
    return try #require(object as? [String: Any])
}

@Test func alertJSON_writesEveryField_inStableOrder() throws {
    let alert = F.alert(suppressed: 3)
    let line = AlertJSON.encode(alert)

    #expect(!line.contains("\n"))
    let keys = [
        "schema", "alert_id", "rule", "severity", "techniques", "summary", "reasons", "host", "relay", "process",
        "command_line", "user", "parent", "src_ip", "src_port", "dst_ip", "dst_port", "dst_scope", "dst_name",
        "dst_country", "dst_asn", "dst_as_org", "protocol", "protocol_name", "direction", "outcome", "event_time",
        "received_at", "time_source", "event_id", "format", "truncated", "suppressed_count", "beacon", "timeline",
    ]
    var position = line.startIndex
    for key in keys {
        let found = try #require(line.range(of: "\"\(key)\":", range: position..<line.endIndex), "key \(key)")
        position = found.upperBound
    }

    let json = try parse(line)
    #expect(json["schema"] as? Int == 1)
    #expect(json["alert_id"] as? String == alert.id)
    #expect(json["rule"] as? String == "suspicious_process")
    #expect(json["severity"] as? String == "medium")
    #expect(json["techniques"] as? [String] == ["T1059.001"])
    #expect(json["host"] as? String == "WORKSTATION5")
    #expect(json["relay"] is NSNull)
    let process = try #require(json["process"] as? [String: Any])
    #expect(process["image"] as? String == "powershell.exe")
    #expect(process["path"] as? String == "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
    #expect(process["pid"] as? Int == 7048)
    #expect(json["src_ip"] as? String == "172.18.39.5")
    #expect(json["dst_ip"] as? String == "10.10.10.5")
    #expect(json["dst_port"] as? Int == 80)
    #expect(json["protocol"] as? Int == 6)
    #expect(json["protocol_name"] as? String == "tcp")
    #expect(json["direction"] as? String == "outbound")
    #expect(json["outcome"] as? String == "allowed")
    #expect(json["event_time"] as? String == "2020-08-07T18:32:09.583Z")
    #expect(json["received_at"] as? String == "2020-08-07T18:32:09.703Z")
    #expect(json["time_source"] as? String == "event")
    #expect(json["event_id"] as? Int == 5156)
    #expect(json["format"] as? String == "nxlog_json")
    #expect(json["truncated"] as? Bool == false)
    #expect(json["suppressed_count"] as? Int == 3)
    #expect(json["command_line"] is NSNull)
    #expect(json["parent"] is NSNull)
    #expect(json["dst_name"] is NSNull)
    #expect(json["beacon"] is NSNull)
    #expect((json["timeline"] as? [Any])?.isEmpty == true)
    #expect(line.hasSuffix(",\"timeline\":[]}"))
}

@Test func alertJSON_carriesJoinedProcessNameAndBeaconEvidence() throws {
    let evidence = BeaconEvidence(
        period: .milliseconds(5000), jitterPercent: 4.25, callbacks: 24, span: .seconds(115), score: 9.8765,
        escalation: 1)
    var alert = F.alert(finding: Finding(
        rule: "beaconing", severity: .high, techniques: ["T1071"], summary: "beacon", reasons: [], beacon: evidence))
    alert.context = ConnectionContext(
        process: ProcessRecord(
            pid: 7048, image: "powershell.exe", path: "\\windows\\system32\\powershell.exe",
            commandLine: "powershell.exe -noP -sta -w 1 -enc SQBmAA==", parentPID: 9384, parentImage: "regsvr32.exe",
            parentPath: "C:\\Windows\\System32\\regsvr32.exe", user: "MORDOR\\pgustavo",
            startTime: Timestamp(secondsSinceEpoch: 0)),
        remoteName: "c2.example.test")
    alert.geo = GeoRecord(countryCode: "NL", countryName: "Netherlands", asn: 1136, asOrganization: "KPN B.V.")

    let json = try parse(AlertJSON.encode(alert))
    #expect(json["command_line"] as? String == "powershell.exe -noP -sta -w 1 -enc SQBmAA==")
    #expect(json["user"] as? String == "MORDOR\\pgustavo")
    let parent = try #require(json["parent"] as? [String: Any])
    #expect(parent["image"] as? String == "regsvr32.exe")
    #expect(parent["pid"] as? Int == 9384)
    #expect(json["dst_name"] as? String == "c2.example.test")
    #expect(json["dst_country"] as? String == "NL")
    #expect(json["dst_asn"] as? Int == 1136)
    #expect(json["dst_as_org"] as? String == "KPN B.V.")
    let beacon = try #require(json["beacon"] as? [String: Any])
    #expect(beacon["period_seconds"] as? Double == 5)
    #expect(beacon["jitter_percent"] as? Double == 4.25)
    #expect(beacon["callbacks"] as? Int == 24)
    #expect(beacon["span_seconds"] as? Double == 115)
    #expect(beacon["score"] as? Double == 9.877)
    #expect(beacon["escalation"] as? Int == 1)

    let journal = Dictionary(JournalSink.fields(of: alert), uniquingKeysWith: { first, _ in first })
    #expect(journal["WFPWATCH_COMMAND_LINE"] == "powershell.exe -noP -sta -w 1 -enc SQBmAA==")
    #expect(journal["WFPWATCH_PARENT"] == "regsvr32.exe")
    #expect(journal["WFPWATCH_DST_NAME"] == "c2.example.test")
    #expect(journal["WFPWATCH_DST_COUNTRY"] == "NL")
    #expect(journal["WFPWATCH_DST_ASN"] == "1136")
}

@Test func alertJSON_escapesQuotesBackslashesAndControls_keepingUTF8() throws {
    let summary = "a \"quoted\" C:\\path\nline2\ttab\u{01}\u{1F}\u{7F} Zürich 東京 🚨"
    let alert = F.alert(event: F.event(host: "HÔTE-1", relay: "relay\r\n"), finding: F.finding(summary: summary))
    let line = AlertJSON.encode(alert)

    #expect(line.contains(#""a \"quoted\" C:\\path\nline2\ttab\u0001\u001f\u007f Zürich 東京 🚨""#))
    #expect(line.contains(#""relay":"relay\r\n""#))
    #expect(!line.contains("\n"))

    let json = try parse(line)
    #expect(json["summary"] as? String == summary)
    #expect(json["host"] as? String == "HÔTE-1")
    #expect(json["relay"] as? String == "relay\r\n")
}

@Test func alertJSON_writesNulls_forProcessStartWithoutPid() throws {
    var event = F.event()
    event.eventID = 4688
    event.detail = .processStart(
        ProcessStart(
            process: ProcessRef(pid: nil, image: "cmd.exe", path: "C:\\Windows\\System32\\cmd.exe"),
            commandLine: "cmd /c whoami", parent: nil, user: nil))
    let json = try parse(AlertJSON.encode(F.alert(event: event)))

    #expect((json["process"] as? [String: Any])?["pid"] is NSNull)
    #expect((json["process"] as? [String: Any])?["image"] as? String == "cmd.exe")
    #expect(json["dst_ip"] is NSNull)
    #expect(json["dst_port"] is NSNull)
    #expect(json["protocol_name"] is NSNull)
    #expect(json["event_id"] as? Int == 4688)
}
