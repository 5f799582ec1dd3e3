import EventDecoding
import WFPCore

/// One line of a timeline: when, what kind of event, which process, and a short text
/// (the command line of a start, `query → answers` of a DNS query, `→ 10.10.10.5:8444/tcp
/// (allowed)` of a connection).
package struct TimelineEntry: Equatable, Sendable {
    package var time: Timestamp
    package var kind: EventKind
    package var pid: UInt32?
    /// Lower-cased file name, e.g. `regsvr32.exe`.
    package var image: String
    package var text: String

    /// A text longer than this many UTF-8 bytes is cut and ends in `…`.
    package static let maximumTextBytes = 1024

    package init(time: Timestamp, kind: EventKind, pid: UInt32?, image: String, text: String) {
        self.time = time
        self.kind = kind
        self.pid = pid
        self.image = image
        self.text = Self.shortened(text)
    }

    /// The line of a remembered event.
    package init(_ event: RecentEvent) {
        self.init(time: event.time, kind: event.kind, pid: event.pid, image: event.image, text: Self.text(of: event))
    }

    /// The line of a process's creation, as its record describes it.
    package init(creation record: ProcessRecord) {
        self.init(
            time: record.startTime, kind: .processStart, pid: record.pid, image: record.image,
            text: record.commandLine ?? record.path)
    }

    /// `TIME  KIND  PID  IMAGE  TEXT` on one line, control characters replaced.
    package var line: String {
        let pidText = pid.map(String.init) ?? "-"
        let kindText = kind.rawValue.padded(to: 13)
        return "\(CivilTime.rfc3339(time))  \(kindText)  \(pidText.padded(to: 6))  \(image.padded(to: 16))  \(text)"
            .replacingControlCharacters
    }

    // MARK: Text

    private static func text(of event: RecentEvent) -> String {
        switch event.detail {
        case .processStart(let commandLine, _):
            return commandLine ?? ""
        case .processEnd:
            return "exited"
        case .dnsQuery(let name, let answers, let answerCount):
            guard answerCount > 0 else { return "\(name) → no address" }
            var text = "\(name) → " + answers.map(\.description).joined(separator: ", ")
            if answerCount > answers.count { text += " (+\(answerCount - answers.count) more)" }
            return text
        case .connection(let endpoints):
            return connectionText(endpoints)
        }
    }

    private static func connectionText(_ endpoints: RecentEvent.Endpoints) -> String {
        let protocolName = IPProtocol.name(endpoints.protocolNumber) ?? String(endpoints.protocolNumber)
        let suffix = "/\(protocolName) (\(endpoints.outcome.rawValue))"
        // Each end is written only when the line shows it.
        let source = { endpoint(endpoints.sourceAddress, endpoints.sourcePort) }
        let destination = { endpoint(endpoints.destinationAddress, endpoints.destinationPort) }
        switch endpoints.direction {
        case .outbound: return "→ \(destination())\(suffix)"
        case .inbound: return "← \(source()) to port \(endpoints.destinationPort)\(suffix)"
        case .unknown: return "\(source()) → \(destination())\(suffix)"
        }
    }

    /// `a.b.c.d:port`, or `[v6]:port`.
    private static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
        address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }

    /// `text` cut to `maximumTextBytes` at a character boundary.
    private static func shortened(_ text: String) -> String {
        guard text.utf8.count > maximumTextBytes else { return text }
        var kept = ""
        var bytes = 0
        for character in text {
            bytes += character.utf8.count
            if bytes > maximumTextBytes - 3 { break }
            kept.append(character)
        }
        return kept + "…"
    }
}

extension String {
    fileprivate func padded(to length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
