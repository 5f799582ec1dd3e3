import EventDecoding
import Receiving
import SyslogParsing
import WFPCore

/// The JSON line `wfpwatch inspect` prints for one message.
package enum InspectReport {
    package static func line(
        frame: UnsafeRawBufferPointer, info: FrameInfo, header: SyslogHeader, outcome: DecodeOutcome
    ) -> String {
        var framing = JSONObjectText()
        framing.add("framing", info.framing.rawValue)
        framing.add("bytes", frame.count)
        framing.add("original_bytes", info.originalLength)
        framing.add("truncated", info.truncated)

        var object = JSONObjectText()
        object.addRaw("frame", framing.finished)
        object.addRaw("header", headerJSON(header, frame: frame))
        switch outcome {
        case .event(let event):
            object.add("outcome", "event")
            object.addRaw("event", eventJSON(event))
        case .skipped(.eventNotAnalysed(let id)):
            object.add("outcome", "skipped")
            object.add("reason", "event_not_analysed")
            object.add("event_id", id)
        case .skipped(.notWindowsEvent):
            object.add("outcome", "skipped")
            object.add("reason", "not_windows_event")
        case .failed(let failure):
            object.add("outcome", "failed")
            object.add("reason", failure.reason.rawValue)
            object.add("detail", failure.detail)
        }
        return object.finished
    }

    private static func headerJSON(_ header: SyslogHeader, frame: UnsafeRawBufferPointer) -> String {
        func text(_ range: Range<Int>?) -> String? {
            range.map { String(decoding: UnsafeRawBufferPointer(rebasing: frame[$0]), as: UTF8.self) }
        }
        var object = JSONObjectText()
        object.add("format", header.format.rawValue)
        object.addRaw("priority", header.hasPriority ? String(header.priority) : "null")
        object.add("facility", Int(header.facility))
        object.add("severity", Int(header.severity))
        object.add("timestamp", CivilTime.rfc3339(header.timestamp))
        object.add("timestamp_source", header.timestampSource.rawValue)
        object.add("tz_assumed", header.timeZoneAssumed)
        object.add("hostname", text(header.hostname))
        object.add("app_name", text(header.appName))
        object.add("proc_id", text(header.procID))
        object.add("msg_id", text(header.msgID))
        object.add("structured_data", text(header.structuredData))
        object.add("message_offset", header.message.lowerBound)
        object.add("message_bytes", header.message.count)
        return object.finished
    }

    private static func eventJSON(_ event: NormalizedEvent) -> String {
        var object = JSONObjectText()
        object.add("event_id", event.eventID)
        object.add("kind", event.kind.rawValue)
        object.add("format", event.format.rawValue)
        object.add("host", event.host)
        object.add("relay", event.relay)
        object.add("time", CivilTime.rfc3339(event.time))
        object.add("time_source", event.timeSource.rawValue)
        object.add("received_at", CivilTime.rfc3339(event.receivedAt))
        object.add("truncated", event.truncated)
        switch event.detail {
        case .connection(let connection):
            object.addRaw("process", processJSON(connection.process))
            object.add("outcome", connection.outcome.rawValue)
            object.add("direction", connection.direction.rawValue)
            object.add("protocol", connection.protocolNumber)
            object.add("source_address", connection.sourceAddress.description)
            object.add("source_port", connection.sourcePort)
            object.add("destination_address", connection.destinationAddress.description)
            object.add("destination_port", connection.destinationPort)
        case .processStart(let start):
            object.addRaw("process", processJSON(start.process))
            object.add("command_line", start.commandLine)
            object.addRaw("parent", start.parent.map(processJSON) ?? "null")
            object.add("user", start.user)
        case .dnsQuery(let query):
            object.addRaw("process", processJSON(query.process))
            object.add("query_name", query.queryName)
            object.add("answers", query.answers.map(\.description))
            object.add("aliases", query.aliases)
        case .processEnd(let end):
            object.addRaw("process", processJSON(end.process))
            object.add("user", end.user)
        }
        return object.finished
    }

    private static func processJSON(_ process: ProcessRef) -> String {
        var object = JSONObjectText()
        object.addRaw("pid", process.pid.map { String($0) } ?? "null")
        object.add("image", process.image)
        object.add("path", process.path)
        return object.finished
    }
}
