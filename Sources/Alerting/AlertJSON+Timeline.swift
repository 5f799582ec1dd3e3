import Enrichment
import WFPCore

extension AlertJSON {
    /// `object` (one encoded alert) with `"timeline":[...]` added as its last key: one object
    /// per entry, `{"time","kind","pid","image","text"}` in that order, oldest first. An alert
    /// without a timeline gets an empty array, so every alert has the key.
    package static func appendingTimeline(_ timeline: Timeline?, to object: String) -> String {
        guard object.hasSuffix("}") else { return object }
        var text = String(object.dropLast())
        text += object.utf8.count > 2 ? ",\"timeline\":[" : "\"timeline\":["
        for (index, entry) in (timeline?.entries ?? []).enumerated() {
            if index > 0 { text += "," }
            appendEntry(entry, to: &text)
        }
        return text + "]}"
    }

    private static func appendEntry(_ entry: TimelineEntry, to text: inout String) {
        text += "{\"time\":"
        JSONString.append(CivilTime.rfc3339(entry.time), to: &text)
        text += ",\"kind\":"
        JSONString.append(entry.kind.rawValue, to: &text)
        text += ",\"pid\":" + (entry.pid.map { String($0) } ?? "null")
        text += ",\"image\":"
        JSONString.append(entry.image, to: &text)
        text += ",\"text\":"
        JSONString.append(entry.text, to: &text)
        text += "}"
    }

    /// `WFPWATCH_TIMELINE`, one line per entry (`TIME  KIND  PID  IMAGE  TEXT`), when the
    /// alert has a timeline with entries; no field otherwise.
    package static func timelineJournalFields(_ timeline: Timeline?) -> [(String, String)] {
        guard let timeline, !timeline.isEmpty else { return [] }
        return [("WFPWATCH_TIMELINE", timeline.entries.map(\.line).joined(separator: "\n"))]
    }
}
