import WFPCore

/// The kinds of traffic the generator draws: benign background applications, benign pollers
/// an allowlist should cover, and the images and ports beacons use.
enum TrafficCatalogue {
    struct BackgroundApp {
        var image: String
        var directory: String
        /// Arrivals (page loads, syncs) per weekday at scale 1; bursts add connections.
        var perWeekday: Double
        var offHoursFactor: Double
        var burstMean: Double
        /// Index into `pools`, or nil for a single fixed destination.
        var pool: Int?
        var fixedDestination: IPAddress?
        var ports: [UInt16]
    }

    struct Poller {
        var name: String
        var image: String
        var directory: String
        var destination: IPAddress
        var port: UInt16
        var periodSeconds: Int
        var jitter: Double
        var azureOnly: Bool
        /// The name the poller resolves before connecting (Sysmon 22); nil when it dials an address.
        var dnsName: String? = nil
    }

    static let pools = [
        DestinationPool(firstAddress: 0x1700_0000, count: 5000),  // 23.0.0.0: web sites
        DestinationPool(firstAddress: 0x3460_0000, count: 40),  // 52.96.0.0: Office 365
        DestinationPool(firstAddress: 0x2840_0000, count: 300),  // 40.64.0.0: Windows services
        DestinationPool(firstAddress: 0x0D40_0000, count: 20),  // 13.64.0.0: OneDrive
    ]

    static func ipv4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> IPAddress {
        IPAddress(ipv4: a << 24 | b << 16 | c << 8 | d)
    }

    private static let programFiles = "c:\\program files\\"
    private static let system32 = "c:\\windows\\system32\\"

    /// About 1,700 arrivals and 4,500 connections per host on a weekday.
    static let backgroundApps = [
        BackgroundApp(
            image: "chrome.exe", directory: programFiles + "google\\chrome\\application\\", perWeekday: 250,
            offHoursFactor: 0.05, burstMean: 4, pool: 0, ports: [443, 443, 443, 443, 443, 443, 443, 443, 443, 80]),
        BackgroundApp(
            image: "msedge.exe", directory: programFiles + "microsoft\\edge\\application\\", perWeekday: 80,
            offHoursFactor: 0.05, burstMean: 4, pool: 0, ports: [443, 443, 443, 80]),
        BackgroundApp(
            image: "outlook.exe", directory: programFiles + "microsoft office\\root\\office16\\", perWeekday: 150,
            offHoursFactor: 0.1, burstMean: 1, pool: 1, ports: [443]),
        BackgroundApp(
            image: "teams.exe", directory: "c:\\users\\user\\appdata\\local\\microsoft\\teams\\current\\",
            perWeekday: 250, offHoursFactor: 0.1, burstMean: 1, pool: 1, ports: [443]),
        BackgroundApp(
            image: "svchost.exe", directory: system32, perWeekday: 300, offHoursFactor: 0.5, burstMean: 0.5,
            pool: 2, ports: [443, 443, 80]),
        BackgroundApp(
            image: "onedrive.exe", directory: "c:\\users\\user\\appdata\\local\\microsoft\\onedrive\\",
            perWeekday: 100, offHoursFactor: 0.3, burstMean: 2, pool: 3, ports: [443]),
        // Steady Poisson keys with enough arrivals to test a beacon detector's null model.
        BackgroundApp(
            image: "slack.exe", directory: "c:\\users\\user\\appdata\\local\\slack\\", perWeekday: 1440,
            offHoursFactor: 1, burstMean: 0, fixedDestination: ipv4(3, 0, 0, 10), ports: [443]),
        BackgroundApp(
            image: "spotify.exe", directory: "c:\\users\\user\\appdata\\roaming\\spotify\\", perWeekday: 288,
            offHoursFactor: 1, burstMean: 0, fixedDestination: ipv4(35, 186, 224, 25), ports: [4070]),
        BackgroundApp(
            image: "dropbox.exe", directory: programFiles + "dropbox\\client\\", perWeekday: 48,
            offHoursFactor: 1, burstMean: 0, fixedDestination: ipv4(162, 125, 19, 131), ports: [443]),
    ]

    static let pollers = [
        Poller(
            name: "azure_guest_agent", image: "windowsazureguestagent.exe",
            directory: "c:\\windowsazure\\guestagent_2.7.41491.993\\guestagent\\", destination: ipv4(168, 63, 129, 16),
            port: 80, periodSeconds: 30, jitter: 0.05, azureOnly: true),
        Poller(
            name: "azure_appagent", image: "waappagent.exe", directory: "c:\\windowsazure\\guestagent_2.7.41491.993\\",
            destination: ipv4(168, 63, 129, 16), port: 32526, periodSeconds: 60, jitter: 0.02, azureOnly: true),
        Poller(
            name: "telemetry", image: "svchost.exe", directory: system32, destination: ipv4(20, 42, 65, 92),
            port: 443, periodSeconds: 900, jitter: 0.2, azureOnly: false, dnsName: "v10.events.data.microsoft.com"),
        Poller(
            name: "edge_update", image: "microsoftedgeupdate.exe",
            directory: "c:\\program files (x86)\\microsoft\\edgeupdate\\", destination: ipv4(13, 107, 246, 40),
            port: 443, periodSeconds: 3600, jitter: 0.1, azureOnly: false, dnsName: "msedge.api.cdp.microsoft.com"),
    ]

    /// Beacon implants: (image, directory); cycled over beacon series.
    static let implants = [
        ("powershell.exe", system32 + "windowspowershell\\v1.0\\"),
        ("rundll32.exe", system32),
        ("svchost.exe", system32),
        ("notepad.exe", system32),
        ("msedge.exe", programFiles + "microsoft\\edge\\application\\"),
        ("updater.exe", "c:\\users\\user\\appdata\\local\\temp\\"),
    ]

    static let implantPorts: [UInt16] = [443, 80, 8080, 8443, 443]

    /// 185.0.0.0 onwards, one address per beacon series.
    static func beaconDestination(_ index: Int) -> IPAddress {
        IPAddress(ipv4: 0xB900_0000 &+ UInt32(index))
    }
}
