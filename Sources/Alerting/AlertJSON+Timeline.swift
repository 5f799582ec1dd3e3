import Enrichment
import WFPCore

extension AlertJSON {
    /// `object` (one encoded alert) with `"timeline":[...]` added as its last key: one object
    /// per entry, `{"time","kind","pid","image","text"}` in that order, oldest first. An alert
    /// without a timeline gets an empty array, so every alert has the key.
    package static func appendingTimeline(_ timeline: Timeline?, to object: String) -> String {
        guard object.hasSuffix("}") else { return object }
        var bytes = Array(object.utf8.dropLast())
        appendTimeline(timeline, to: &bytes, separated: object.utf8.count > 2)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `"timeline":[...]` to an object still open (no closing brace), after a comma
    /// when `separated` (the object already has members).
    static func appendTimeline(_ timeline: Timeline?, to bytes: inout [UInt8], separated: Bool = true) {
        bytes.append(contentsOf: (separated ? ",\"timeline\":[" : "\"timeline\":[").utf8)
        for (index, entry) in (timeline?.entries ?? []).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendEntry(entry, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private static func appendEntry(_ entry: TimelineEntry, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "{\"time\":".utf8)
        JSONString.append(CivilTime.rfc3339(entry.time), to: &bytes)
        bytes.append(contentsOf: ",\"kind\":".utf8)
        JSONString.append(entry.kind.rawValue, to: &bytes)
        bytes.append(contentsOf: ",\"pid\":".utf8)
        bytes.append(contentsOf: (entry.pid.map { String($0) } ?? "null").utf8)
        bytes.append(contentsOf: ",\"image\":".utf8)
        JSONString.append(entry.image, to: &bytes)
        bytes.append(contentsOf: ",\"text\":".utf8)
        JSONString.append(entry.text, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    /// `WFPWATCH_TIMELINE`, one line per entry (`TIME  KIND  PID  IMAGE  TEXT`), when the
    /// alert has a timeline with entries; no field otherwise.
    package static func timelineJournalFields(_ timeline: Timeline?) -> [(String, String)] {
        guard let timeline, !timeline.isEmpty else { return [] }
        return [("WFPWATCH_TIMELINE", timeline.entries.map(\.line).joined(separator: "\n"))]
    }
}
