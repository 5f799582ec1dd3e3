import WFPCore

/// Settings of the per-event connection rules. Defaults are the shipped ones.
public struct DetectionConfiguration: Equatable, Sendable {
    public var suspiciousProcess = SuspiciousProcessRule()
    public var highRiskPort = HighRiskPortRule()
    public var threatIntel = ThreatIntelRule()

    public init() {}

    /// Which destination scopes a rule alerts on. Loopback, link-local and multicast
    /// destinations are local plumbing (the Azure metadata service at 169.254.169.254, SSDP)
    /// and stay quiet unless configured.
    public static let defaultScopes: Set<AddressScope> = [.public, .private]

    public struct SuspiciousProcessRule: Equatable, Sendable {
        public var enabled = true
        public var severity = Severity.medium
        /// Severity when the destination is public.
        public var publicSeverity = Severity.high
        public var scopes = DetectionConfiguration.defaultScopes
        /// Lower-case image names (`powershell.exe`).
        public var images: [String] = [
            "powershell.exe", "pwsh.exe", "powershell_ise.exe", "cmd.exe", "wmiprvse.exe",
            "rundll32.exe", "regsvr32.exe", "mshta.exe", "certutil.exe", "bitsadmin.exe",
            "wscript.exe", "cscript.exe", "msbuild.exe", "installutil.exe", "regasm.exe",
            "regsvcs.exe", "msiexec.exe", "odbcconf.exe", "cmstp.exe", "hh.exe", "forfiles.exe",
            "wmic.exe", "control.exe", "msxsl.exe", "esentutl.exe", "expand.exe", "extrac32.exe",
            "ieexec.exe", "presentationhost.exe", "syncappvpublishingserver.exe",
        ]
        /// Lower-case path fragments with backslashes; `*` matches one path segment
        /// (`\users\*\downloads\`). AppData\Roaming is not among them: many ordinary per-user
        /// apps live there.
        public var pathFragments: [String] = [
            "\\users\\public\\", "\\users\\*\\downloads\\", "\\temp\\", "\\appdata\\local\\temp\\",
            "\\programdata\\", "\\$recycle.bin\\", "\\perflogs\\", "\\windows\\tasks\\",
            "\\windows\\debug\\", "\\windows\\fonts\\",
        ]

        /// Lower-case parent images whose networked children get their alerts raised one step.
        public var parents: [String] = [
            "winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe", "msaccess.exe", "mspub.exe",
            "onenote.exe", "visio.exe", "wscript.exe", "cscript.exe", "mshta.exe", "regsvr32.exe",
            "rundll32.exe", "w3wp.exe", "tomcat9.exe", "tomcat8.exe", "sqlservr.exe", "java.exe",
        ]

        public init() {}
    }

    public struct HighRiskPortRule: Equatable, Sendable {
        public var enabled = true
        public var severity = Severity.medium
        public var publicSeverity = Severity.high
        public var scopes = DetectionConfiguration.defaultScopes
        public var ports: Set<UInt16> = [
            // Metasploit defaults, leet ports, IRC, Tor ORPort/DirPort, Cobalt Strike team server,
            // classic backdoors.
            4444, 4445, 1337, 31337, 6666, 6667, 6697, 5555, 9001, 9030, 50050, 12345, 54321,
        ]

        public init() {}
    }

    public struct ThreatIntelRule: Equatable, Sendable {
        public var enabled = true
        public var severity = Severity.high
        public var publicSeverity = Severity.critical
        /// Intel applies to every scope by default: a listed address is bad wherever it sits.
        public var scopes: Set<AddressScope> = Set(AddressScope.allCases)
        /// Files of addresses and CIDR blocks, one a line, `#` comments.
        public var files: [String] = []

        public init() {}
    }
}
