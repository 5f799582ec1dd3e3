import WFPCore

extension AllowlistConfiguration {
    /// The shipped allowlist: benign periodic platform traffic that would otherwise look like
    /// beaconing. Each entry is narrowed to the process that makes the traffic wherever that is
    /// known, so a payload reaching the same address from another process is still seen.
    public static let defaultEntries: [Entry] = azure + windowsServices

    /// Azure platform agents. 168.63.129.16 is the Azure wire server (agent heartbeats, health
    /// probes, extension status); 169.254.169.254 is the instance metadata service. Both answer
    /// only inside Azure, and the agents poll them every few seconds.
    private static let azure: [Entry] = [
        // Guest agent heartbeat and goal-state polling to the wire server (ports 80 and 32526).
        Entry(image: "windowsazureguestagent.exe", destination: block("168.63.129.16/32")),
        // Guest agent reads instance metadata.
        Entry(image: "windowsazureguestagent.exe", destination: block("169.254.169.254/32")),
        // The agent updater (WaAppAgent) polls the wire server for new agent versions.
        Entry(image: "waappagent.exe", destination: block("168.63.129.16/32")),
        // Network Watcher extension: connection monitors report to the wire server (port 8037).
        Entry(image: "networkwatcheragent.exe", destination: block("168.63.129.16/32")),
        // Network Watcher extension reads instance metadata every few seconds.
        Entry(image: "networkwatcheragent.exe", destination: block("169.254.169.254/32")),
    ]

    /// Windows Update, telemetry, time and certificate revocation: periodic by design.
    private static let windowsServices: [Entry] = [
        // Windows Update and its certificate trust list downloads (ctldl.windowsupdate.com).
        Entry(domainSuffix: "windowsupdate.com"),
        // Windows Update service endpoints.
        Entry(domainSuffix: "update.microsoft.com"),
        // Delivery Optimization and update content.
        Entry(domainSuffix: "delivery.mp.microsoft.com"),
        // Connected User Experiences and Telemetry (DiagTrack) uploads.
        Entry(domainSuffix: "events.data.microsoft.com"),
        // Windows Time default server.
        Entry(domainSuffix: "time.windows.com"),
        // Certificate revocation lists and OCSP for Microsoft-signed code.
        Entry(domainSuffix: "crl.microsoft.com"),
        Entry(domainSuffix: "ocsp.msocsp.com"),
        // Network connectivity status probe (NCSI), every few minutes on every host.
        Entry(domainSuffix: "msftconnecttest.com"),
        // Edge's updater checks for new versions every hour.
        Entry(image: "microsoftedgeupdate.exe", domainSuffix: "cdp.microsoft.com"),
        Entry(image: "microsoftedgeupdate.exe", domainSuffix: "edge.microsoft.com"),
        // The DNS client service (svchost.exe) asks the configured DNS servers, Azure DNS at the
        // wire server among them, for every process on the host, so its port-53 traffic is as
        // regular as the busiest program; names are judged from the Sysmon DNS events instead.
        Entry(image: "svchost.exe", port: 53),
        // Windows Time (w32time runs in svchost.exe) polling NTP servers on port 123.
        Entry(image: "svchost.exe", port: 123),
    ]

    private static func block(_ text: String) -> CIDRBlock {
        guard let block = CIDRBlock(text) else { preconditionFailure("default allowlist block \(text) is invalid") }
        return block
    }
}
