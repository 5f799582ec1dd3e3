/// The opening sentences and the `Label:` words of the rendered messages wfpwatch reads, as
/// Windows (Security 5156/5157/4688 and neighbours) and Sysmon (1, 3, 22) write them in English.
///
/// Labels that wfpwatch does not keep are listed too: in a flattened one-line message a value
/// ends where the next known label begins, so every label of these events must be known.
enum RenderedTextLabels {
    /// What a label's value is for.
    enum Target: Sendable {
        case field(FieldName)
        /// `Account Name:`, read as the user only inside the subject that created the event.
        case accountName
        /// A section header; `opensSubject` tells whether the account inside it is the actor.
        case section(opensSubject: Bool)
        case ignored
    }

    struct Label: Sendable {
        let bytes: [UInt8]
        let target: Target
    }

    struct Opening: Sendable {
        let bytes: [UInt8]
        let eventID: UInt32
        let provider: String
    }

    static let securityProvider = "Microsoft-Windows-Security-Auditing"
    static let sysmonProvider = "Microsoft-Windows-Sysmon"

    /// Opening sentences, matched ignoring ASCII case, without their final period.
    static let openings: [Opening] = makeOpenings([
        ("The Windows Filtering Platform has permitted a connection", 5156, securityProvider),
        ("The Windows Filtering Platform has allowed a connection", 5156, securityProvider),
        ("A network connection has been allowed", 5156, securityProvider),
        ("A network connection was allowed", 5156, securityProvider),
        ("The Windows Filtering Platform has blocked a connection", 5157, securityProvider),
        ("A network connection has been blocked", 5157, securityProvider),
        ("A network connection was blocked", 5157, securityProvider),
        ("The Windows Filtering Platform has permitted a bind to a local port", 5158, securityProvider),
        ("The Windows Filtering Platform has blocked a bind to a local port", 5159, securityProvider),
        ("The Windows Filtering Platform has blocked a packet", 5152, securityProvider),
        ("A new process has been created", 4688, securityProvider),
        ("A process has exited", 4689, securityProvider),
        ("Process Create:", 1, sysmonProvider),
        ("Network connection detected:", 3, sysmonProvider),
        ("Process terminated:", 5, sysmonProvider),
        ("Dns query:", 22, sysmonProvider),
    ])

    static let labels: [Label] = windowsLabels + sysmonLabels

    private static let windowsLabels: [Label] = makeLabels([
        ("Application Information:", .section(opensSubject: false)),
        ("Network Information:", .section(opensSubject: false)),
        ("Filter Information:", .section(opensSubject: false)),
        ("Process Information:", .section(opensSubject: false)),
        ("Subject:", .section(opensSubject: true)),
        ("Creator Subject:", .section(opensSubject: true)),
        ("Target Subject:", .section(opensSubject: false)),
        ("Process ID:", .field(.processID)),
        ("Application Name:", .field(.application)),
        ("Direction:", .field(.direction)),
        ("Source Address:", .field(.sourceAddress)),
        ("Source Port:", .field(.sourcePort)),
        ("Destination Address:", .field(.destinationAddress)),
        ("Destination Port:", .field(.destinationPort)),
        ("Protocol:", .field(.protocolNumber)),
        ("Filter Run-Time ID:", .ignored),
        ("Layer Name:", .ignored),
        ("Layer Run-Time ID:", .ignored),
        ("Remote User ID:", .ignored),
        ("Remote Machine ID:", .ignored),
        ("Interface Index:", .ignored),
        ("Security ID:", .ignored),
        ("Account Name:", .accountName),
        ("Account Domain:", .ignored),
        ("Logon ID:", .ignored),
        ("New Process ID:", .field(.newProcessID)),
        ("New Process Name:", .field(.newProcessName)),
        ("Token Elevation Type:", .ignored),
        ("Mandatory Label:", .ignored),
        ("Creator Process ID:", .field(.processID)),
        ("Creator Process Name:", .field(.parentProcessName)),
        ("Process Command Line:", .field(.commandLine)),
        ("Process Name:", .field(.processName)),
        ("Exit Status:", .ignored),
        // The explanation 4688 appends after its fields; it ends the command line when flattened.
        ("Token Elevation Type indicates", .ignored),
    ])

    private static let sysmonLabels: [Label] = makeLabels([
        ("RuleName:", .ignored),
        ("UtcTime:", .field(.utcTime)),
        ("ProcessGuid:", .ignored),
        ("ProcessId:", .field(.processID)),
        ("Image:", .field(.image)),
        ("FileVersion:", .ignored),
        ("Description:", .ignored),
        ("Product:", .ignored),
        ("Company:", .ignored),
        ("OriginalFileName:", .ignored),
        ("CommandLine:", .field(.commandLine)),
        ("CurrentDirectory:", .ignored),
        ("User:", .field(.user)),
        ("LogonGuid:", .ignored),
        ("LogonId:", .ignored),
        ("TerminalSessionId:", .ignored),
        ("IntegrityLevel:", .ignored),
        ("Hashes:", .ignored),
        ("ParentProcessGuid:", .ignored),
        ("ParentProcessId:", .field(.parentProcessID)),
        ("ParentImage:", .field(.parentProcessName)),
        ("ParentCommandLine:", .ignored),
        ("ParentUser:", .ignored),
        ("Initiated:", .field(.initiated)),
        ("SourceIsIpv6:", .ignored),
        ("SourceIp:", .field(.sourceAddress)),
        ("SourceHostname:", .ignored),
        ("SourcePort:", .field(.sourcePort)),
        ("SourcePortName:", .ignored),
        ("DestinationIsIpv6:", .ignored),
        ("DestinationIp:", .field(.destinationAddress)),
        ("DestinationHostname:", .ignored),
        ("DestinationPort:", .field(.destinationPort)),
        ("DestinationPortName:", .ignored),
        ("QueryName:", .field(.queryName)),
        ("QueryStatus:", .ignored),
        ("QueryResults:", .field(.queryResults)),
    ])

    /// Label indices by first byte, so a word is compared with a handful of labels at most.
    static let labelsByFirstByte: [[Int]] = {
        var table = Array(repeating: [Int](), count: 256)
        for (index, label) in labels.enumerated() {
            table[Int(label.bytes[0])].append(index)
        }
        return table
    }()

    private static func makeOpenings(_ entries: [(String, UInt32, String)]) -> [Opening] {
        entries.map { Opening(bytes: Array($0.0.utf8), eventID: $0.1, provider: $0.2) }
    }

    private static func makeLabels(_ entries: [(String, Target)]) -> [Label] {
        entries.map { Label(bytes: Array($0.0.utf8), target: $0.1) }
    }
}
