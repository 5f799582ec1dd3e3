import WFPCore

/// One Windows event, whatever format it arrived in, reduced to what detection needs.
public struct NormalizedEvent: Equatable, Sendable {
    /// The Windows event id (5156, 5157, 3, 1, 4688, 22, ...).
    public var eventID: UInt32
    public var format: PayloadFormat
    /// The computer that logged the event (its own name, never the relay's).
    public var host: String
    /// The syslog hostname of the relay that forwarded it, when it differs from `host`.
    public var relay: String?
    /// When the event happened, as the event says; see `timeSource`.
    public var time: Timestamp
    public var timeSource: EventTimeSource
    public var receivedAt: Timestamp
    /// The frame was longer than the maximum message size and was cut.
    public var truncated: Bool
    public var detail: Detail

    public enum Detail: Equatable, Sendable {
        case connection(Connection)
        case processStart(ProcessStart)
        case dnsQuery(DNSQuery)
        /// Security 4689 or Sysmon 5.
        case processEnd(ProcessEnd)
    }

    public init(
        eventID: UInt32, format: PayloadFormat, host: String, relay: String? = nil,
        time: Timestamp, timeSource: EventTimeSource, receivedAt: Timestamp,
        truncated: Bool = false, detail: Detail
    ) {
        self.eventID = eventID
        self.format = format
        self.host = host
        self.relay = relay
        self.time = time
        self.timeSource = timeSource
        self.receivedAt = receivedAt
        self.truncated = truncated
        self.detail = detail
    }

    public var kind: EventKind {
        switch detail {
        case .connection: .connection
        case .processStart: .processStart
        case .dnsQuery: .dnsQuery
        case .processEnd: .processEnd
        }
    }

    public var connection: Connection? {
        if case .connection(let connection) = detail { return connection }
        return nil
    }
}

public enum EventKind: String, Sendable, CaseIterable {
    case connection
    case processStart = "process_start"
    case dnsQuery = "dns_query"
    case processEnd = "process_end"
}

public enum PayloadFormat: String, Sendable, CaseIterable {
    /// NXLog `to_json` (both the 2020 and the CE layouts), also after a Logstash hop.
    case nxlogJSON = "nxlog_json"
    /// Flat JSON exports with `TimeCreated` and EventData at top level (no NXLog fields).
    case flatJSON = "flat_json"
    /// Winlogbeat / Elastic Common Schema (`winlog.event_data.*`).
    case ecsJSON = "ecs_json"
    /// Azure Monitor / Log Analytics export (`SecurityEvent`, `WindowsEvent`).
    case azureLogAnalytics = "azure_log_analytics"
    /// Snare MSWinEventLog, TAB or `#011` separated.
    case snare
    /// The rendered message text ("The Windows Filtering Platform has permitted ...").
    case renderedText = "rendered_text"
    /// Windows event XML (`<Event xmlns=...>`).
    case eventXML = "event_xml"
}

public enum EventTimeSource: String, Sendable {
    /// A time field of the event itself (EventTime, TimeCreated, UtcTime, SystemTime, ...).
    case event
    /// An event time without zone, read in the configured source zone.
    case eventAssumedZone = "event_assumed_zone"
    /// The syslog header's timestamp.
    case syslogHeader = "syslog_header"
    /// Nothing in the message said; the receive time.
    case receiver
}

public enum Direction: String, Sendable {
    case inbound
    case outbound
    case unknown
}

public enum ConnectionOutcome: String, Sendable {
    case allowed
    case blocked
}

/// A process as an event names it.
public struct ProcessRef: Equatable, Sendable {
    public var pid: UInt32?
    /// Lower-cased file name, e.g. `powershell.exe`.
    public var image: String
    /// Full path with `\device\harddiskvolumeN` turned into a drive-less path
    /// (`\windows\system32\...`) or kept as a drive path (`C:\Windows\...`), as given.
    public var path: String

    public init(pid: UInt32?, image: String, path: String) {
        self.pid = pid
        self.image = image
        self.path = path
    }
}

public struct Connection: Equatable, Sendable {
    public var process: ProcessRef
    public var outcome: ConnectionOutcome
    public var direction: Direction
    /// IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6).
    public var protocolNumber: UInt8
    public var sourceAddress: IPAddress
    public var sourcePort: UInt16
    public var destinationAddress: IPAddress
    public var destinationPort: UInt16

    public init(
        process: ProcessRef, outcome: ConnectionOutcome, direction: Direction, protocolNumber: UInt8,
        sourceAddress: IPAddress, sourcePort: UInt16, destinationAddress: IPAddress,
        destinationPort: UInt16
    ) {
        self.process = process
        self.outcome = outcome
        self.direction = direction
        self.protocolNumber = protocolNumber
        self.sourceAddress = sourceAddress
        self.sourcePort = sourcePort
        self.destinationAddress = destinationAddress
        self.destinationPort = destinationPort
    }
}

public struct ProcessStart: Equatable, Sendable {
    public var process: ProcessRef
    public var commandLine: String?
    public var parent: ProcessRef?
    public var user: String?

    public init(process: ProcessRef, commandLine: String?, parent: ProcessRef?, user: String?) {
        self.process = process
        self.commandLine = commandLine
        self.parent = parent
        self.user = user
    }
}

/// A process exit (Security 4689, Sysmon 5).
public struct ProcessEnd: Equatable, Sendable {
    public var process: ProcessRef
    public var user: String?

    public init(process: ProcessRef, user: String?) {
        self.process = process
        self.user = user
    }
}

public struct DNSQuery: Equatable, Sendable {
    public var process: ProcessRef
    public var queryName: String
    /// Addresses from QueryResults; CNAME entries are in `aliases`.
    public var answers: [IPAddress]
    public var aliases: [String]

    public init(process: ProcessRef, queryName: String, answers: [IPAddress], aliases: [String]) {
        self.process = process
        self.queryName = queryName
        self.answers = answers
        self.aliases = aliases
    }
}
