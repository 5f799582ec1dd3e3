/// ATT&CK techniques of the stateful rules, with the reason each was chosen, so every detector
/// and the documentation draw on one table.
package enum Techniques {
    /// Rule ids of the stateful detectors, stable across releases.
    package static let highFrequencyRule = "high_frequency"
    package static let fanOutRule = "fan_out"
    package static let rareDestinationRule = "rare_destination"

    /// Application Layer Protocol: a channel that calls home over web, DNS or mail protocols.
    package static let applicationLayerProtocol = "T1071"
    /// Application Layer Protocol: DNS, for a flood of lookups (tunnelling through the resolver).
    package static let dnsProtocol = "T1071.004"
    /// Brute Force: many connections to one authentication service in seconds.
    package static let bruteForce = "T1110"
    /// Endpoint Denial of Service: one process exhausting one service with connections.
    package static let endpointDenialOfService = "T1499"
    /// Network Service Discovery: one process probing many ports or addresses.
    package static let networkServiceDiscovery = "T1046"
    /// Remote System Discovery: one process sweeping many addresses.
    package static let remoteSystemDiscovery = "T1018"

    /// Ports of services that take passwords or tickets: SSH, Telnet, Kerberos, RPC, NetBIOS,
    /// LDAP(S), SMB, MSSQL, MySQL, RDP, PostgreSQL, WinRM, VNC, FTP, IMAP, POP3, SMTP submission.
    package static let authenticationPorts: Set<UInt16> = [
        21, 22, 23, 88, 110, 135, 139, 143, 389, 445, 587, 636, 993, 995, 1433, 3306, 3389, 5432,
        5900, 5985, 5986,
    ]

    /// `high_frequency`: against an authentication service the likeliest cause is password
    /// guessing (T1110); against DNS, tunnelling through the resolver (T1071.004); otherwise a
    /// service flood (T1499) or a C2 channel polling without sleep (T1071).
    package static func highFrequency(port: UInt16) -> [String] {
        if authenticationPorts.contains(port) { return [bruteForce] }
        if port == 53 { return [dnsProtocol] }
        return [endpointDenialOfService, applicationLayerProtocol]
    }

    /// `fan_out`: probing many ports is service discovery (T1046); sweeping many addresses is
    /// also remote system discovery (T1018).
    package static func fanOut(byAddresses: Bool) -> [String] {
        byAddresses ? [networkServiceDiscovery, remoteSystemDiscovery] : [networkServiceDiscovery]
    }

    /// `rare_destination`: a destination no host or few hosts reach is the typical mark of a
    /// new command-and-control server (T1071).
    package static let rareDestination = [applicationLayerProtocol]

    /// Every stateful rule with the techniques it may carry, for documentation and tests.
    package static let table: [String: [String]] = [
        highFrequencyRule: [bruteForce, dnsProtocol, endpointDenialOfService, applicationLayerProtocol],
        fanOutRule: [networkServiceDiscovery, remoteSystemDiscovery],
        rareDestinationRule: rareDestination,
    ]
}
