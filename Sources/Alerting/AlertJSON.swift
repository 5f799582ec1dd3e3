import Detection
import Enrichment
import EventDecoding
import WFPCore

/// Writes an alert as one line of JSON with a fixed key order (schema 1), by hand, so the
/// output is byte-for-byte stable and costs no Foundation round trip.
///
/// Fields an event kind does not have (ports of a process start, an unknown protocol name, a
/// relay that is the host itself) are written as `null` rather than left out.
public enum AlertJSON {
    public static let schemaVersion = 1

    /// The alert as one JSON object, without a trailing newline.
    public static func encode(_ alert: Alert) -> String {
        let event = alert.event
        let connection = event.connection
        var json = JSONObjectWriter(capacityBytes: 2048)

        json.number("schema", schemaVersion)
        json.string("alert_id", alert.id)
        json.string("rule", alert.finding.rule)
        json.string("severity", alert.finding.severity.name)
        json.strings("techniques", alert.finding.techniques)
        json.string("summary", alert.finding.summary)
        json.strings("reasons", alert.finding.reasons)
        json.string("host", event.host)
        json.string("relay", event.relay)
        json.process("process", Self.process(of: event))
        let creation = alert.context?.process
        json.string("command_line", creation?.commandLine)
        json.string("user", creation?.user)
        json.parent("parent", creation)

        json.string("src_ip", connection.map { $0.sourceAddress.description })
        json.number("src_port", connection.map { Int($0.sourcePort) })
        json.string("dst_ip", connection.map { $0.destinationAddress.description })
        json.number("dst_port", connection.map { Int($0.destinationPort) })
        json.string("dst_scope", connection.map { $0.destinationAddress.scope.rawValue })
        json.string("dst_name", alert.context?.remoteName)
        json.string("dst_country", alert.geo?.countryCode)
        json.number("dst_asn", alert.geo?.asn.map { Int($0) })
        json.string("dst_as_org", alert.geo?.asOrganization)
        json.number("protocol", connection.map { Int($0.protocolNumber) })
        json.string("protocol_name", connection.flatMap { IPProtocol.name($0.protocolNumber) })
        json.string("direction", connection?.direction.rawValue)
        json.string("outcome", connection?.outcome.rawValue)

        json.string("event_time", CivilTime.rfc3339(event.time))
        json.string("received_at", CivilTime.rfc3339(event.receivedAt))
        json.string("time_source", event.timeSource.rawValue)
        json.number("event_id", Int(event.eventID))
        json.string("format", event.format.rawValue)
        json.bool("truncated", event.truncated)
        json.number("suppressed_count", alert.suppressedCount)
        json.beacon("beacon", alert.finding.beacon)
        var bytes = json.finishOpen()
        appendTimeline(alert.timeline, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The process an event is about, whatever its kind.
    package static func process(of event: NormalizedEvent) -> ProcessRef {
        switch event.detail {
        case .connection(let connection): connection.process
        case .processStart(let start): start.process
        case .dnsQuery(let query): query.process
        case .processEnd(let end): end.process
        }
    }
}

/// Appends `"key":value` pairs to one JSON object, as UTF-8 bytes in one growing buffer.
private struct JSONObjectWriter {
    private var bytes: [UInt8]
    private var first = true

    init(capacityBytes: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacityBytes)
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func string(_ key: String, _ value: String?) {
        self.key(key)
        if let value { JSONString.append(value, to: &bytes) } else { raw("null") }
    }

    mutating func number(_ key: String, _ value: Int?) {
        self.key(key)
        if let value { raw(String(value)) } else { raw("null") }
    }

    mutating func bool(_ key: String, _ value: Bool) {
        self.key(key)
        raw(value ? "true" : "false")
    }

    mutating func strings(_ key: String, _ values: [String]) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func process(_ key: String, _ process: ProcessRef) {
        self.key(key)
        var nested = JSONObjectWriter()
        nested.string("image", process.image)
        nested.string("path", process.path)
        nested.number("pid", process.pid.map { Int($0) })
        bytes.append(contentsOf: nested.finish())
    }

    /// The creating process's parent, or null when no creation record was joined.
    mutating func parent(_ key: String, _ creation: ProcessRecord?) {
        guard let creation else { return string(key, nil) }
        self.key(key)
        var nested = JSONObjectWriter()
        nested.string("image", creation.parentImage)
        nested.string("path", creation.parentPath)
        nested.number("pid", creation.parentPID.map { Int($0) })
        bytes.append(contentsOf: nested.finish())
    }

    mutating func beacon(_ key: String, _ evidence: BeaconEvidence?) {
        guard let evidence else { return string(key, nil) }
        self.key(key)
        var nested = JSONObjectWriter()
        nested.decimal("period_seconds", Double(evidence.period.nanosecondsTotal) / 1e9)
        nested.decimal("jitter_percent", evidence.jitterPercent)
        nested.number("callbacks", evidence.callbacks)
        nested.decimal("span_seconds", Double(evidence.span.nanosecondsTotal) / 1e9)
        nested.decimal("score", evidence.score)
        nested.number("escalation", evidence.escalation)
        bytes.append(contentsOf: nested.finish())
    }

    /// A number with three decimals at most, printed the same on every run.
    mutating func decimal(_ key: String, _ value: Double) {
        self.key(key)
        guard value.isFinite else { return raw("null") }
        let thousandths = Int((value * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = thousandths.magnitude
        var fraction = String(magnitude % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        raw(sign + String(magnitude / 1000) + (fraction.isEmpty ? "" : "." + fraction))
    }

    /// The object's bytes with its closing brace.
    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// The object's bytes still open, for a caller that appends more members itself.
    func finishOpen() -> [UInt8] {
        bytes
    }

    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func key(_ key: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONString.append(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }
}

/// RFC 8259 string escaping: quote, backslash and control characters escaped, everything else
/// (including non-ASCII) kept as UTF-8.
package enum JSONString {
    /// Escapes work on UTF-8 bytes: every byte that needs one is ASCII, so the runs between
    /// them are appended whole, and a string without any is appended in one step.
    package static func append(_ value: String, to text: inout String) {
        text += "\""
        let bytes = value.utf8
        var plainStart = bytes.startIndex
        var index = plainStart
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
                text += value[plainStart..<index]
                text += escape(byte)
                plainStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        text += value[plainStart...]
        text += "\""
    }

    /// The same escaping onto UTF-8 bytes, reading `value` in place.
    package static func append(_ value: String, to output: inout [UInt8]) {
        output.append(0x22)
        var value = value
        value.withUTF8 { bytes in
            var plainStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<index]))
                output.append(contentsOf: escape(byte).utf8)
                plainStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart...]))
        }
        output.append(0x22)
    }

    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case 0x22: return "\\\""
        case 0x5C: return "\\\\"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        default:
            let digits = String(byte, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
    }
}
