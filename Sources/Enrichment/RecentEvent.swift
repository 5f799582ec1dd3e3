import EventDecoding
import WFPCore

/// One event of a host, cut down to what a timeline line needs: when, which process, and the
/// few values of its kind. Strings are the event's own (shared, not copied).
package struct RecentEvent: Equatable, Sendable {
    /// A connection's endpoints as the event gave them.
    package struct Endpoints: Equatable, Sendable {
        package var sourceAddress: IPAddress
        package var sourcePort: UInt16
        package var destinationAddress: IPAddress
        package var destinationPort: UInt16
        package var protocolNumber: UInt8
        package var direction: Direction
        package var outcome: ConnectionOutcome

        /// The far end: the destination of an outbound connection, the source of an inbound one.
        package var remoteAddress: IPAddress { direction == .inbound ? sourceAddress : destinationAddress }
    }

    package enum Detail: Equatable, Sendable {
        case processStart(commandLine: String?, parentPID: UInt32?)
        case processEnd
        /// At most `RecentEvent.maximumAnswers` addresses; `answerCount` is how many there were.
        case dnsQuery(name: String, answers: [IPAddress], answerCount: Int)
        case connection(Endpoints)
    }

    /// Answers kept of one DNS query: a timeline line names a few, not a CDN's whole pool.
    package static let maximumAnswers = 8

    package var time: Timestamp
    package var pid: UInt32?
    /// Lower-cased file name, e.g. `powershell.exe`.
    package var image: String
    package var detail: Detail

    package init(time: Timestamp, pid: UInt32?, image: String, detail: Detail) {
        self.time = time
        self.pid = pid
        self.image = image
        self.detail = detail
    }

    /// The compact form of `event`.
    package init(_ event: NormalizedEvent) {
        self = Self.compact(event)
    }

    /// The compact form of `event`, read in place: an initializer would take the event as its
    /// own, which costs the caller a copy of every field.
    package static func compact(_ event: NormalizedEvent) -> RecentEvent {
        switch event.detail {
        case .connection(let connection):
            let endpoints = Endpoints(
                sourceAddress: connection.sourceAddress, sourcePort: connection.sourcePort,
                destinationAddress: connection.destinationAddress, destinationPort: connection.destinationPort,
                protocolNumber: connection.protocolNumber, direction: connection.direction,
                outcome: connection.outcome)
            return RecentEvent(event.time, connection.process, .connection(endpoints))
        case .processStart(let start):
            return RecentEvent(event.time, start.process, .processStart(commandLine: start.commandLine,
                parentPID: start.parent?.pid))
        case .processEnd(let end):
            return RecentEvent(event.time, end.process, .processEnd)
        case .dnsQuery(let query):
            let answers = query.answers.count > Self.maximumAnswers
                ? Array(query.answers.prefix(Self.maximumAnswers)) : query.answers
            return RecentEvent(event.time, query.process, .dnsQuery(name: query.queryName, answers: answers,
                answerCount: query.answers.count))
        }
    }

    private init(_ time: Timestamp, _ process: ProcessRef, _ detail: Detail) {
        self.init(time: time, pid: process.pid, image: process.image, detail: detail)
    }

    /// The kind in the event model's vocabulary (`connection`, `process_start`, ...).
    package var kind: EventKind {
        switch detail {
        case .processStart: .processStart
        case .processEnd: .processEnd
        case .dnsQuery: .dnsQuery
        case .connection: .connection
        }
    }

    /// The connection's endpoints; nil for other kinds.
    package var endpoints: Endpoints? {
        if case .connection(let endpoints) = detail { return endpoints }
        return nil
    }
}
