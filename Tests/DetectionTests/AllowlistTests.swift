import Testing
import WFPCore

@testable import Detection

struct AllowlistTests {
    private static let wireServer = IPAddress("168.63.129.16")!
    private static let metadata = IPAddress("169.254.169.254")!
    private static let c2 = IPAddress("10.10.10.5")!

    private func allowlist(_ entries: [AllowlistConfiguration.Entry], defaults: Bool = false) -> Allowlist {
        var configuration = AllowlistConfiguration()
        configuration.entries = entries
        configuration.includeDefaults = defaults
        return Allowlist(configuration: configuration)
    }

    @Test func allowlist_domainSuffix_matchesApexAndBelow_notLookalikes() {
        let list = allowlist([.init(domainSuffix: "example.com")])
        #expect(list.suppresses(image: "a.exe", destination: Self.c2, name: "example.com", port: 443))
        #expect(list.suppresses(image: "a.exe", destination: Self.c2, name: "cdn.eu.example.com", port: 443))
        #expect(list.suppresses(image: "a.exe", destination: Self.c2, name: "WWW.Example.COM.", port: 443))
        #expect(!list.suppresses(image: "a.exe", destination: Self.c2, name: "badexample.com", port: 443))
        #expect(!list.suppresses(image: "a.exe", destination: Self.c2, name: "example.com.evil.net", port: 443))
        #expect(!list.suppresses(image: "a.exe", destination: Self.c2, name: nil, port: 443))
    }

    @Test func allowlist_combination_needsEveryPartToMatch() {
        let list = allowlist([.init(image: "svchost.exe", destination: CIDRBlock("10.0.0.0/8"), port: 123)])
        #expect(list.suppresses(image: "svchost.exe", destination: Self.c2, name: nil, port: 123))
        #expect(!list.suppresses(image: "svchost.exe", destination: Self.c2, name: nil, port: 124))
        #expect(!list.suppresses(image: "powershell.exe", destination: Self.c2, name: nil, port: 123))
        #expect(!list.suppresses(image: "svchost.exe", destination: IPAddress("11.0.0.1")!, name: nil, port: 123))
    }

    @Test func allowlist_combinationWithoutImage_andDomain() {
        let list = allowlist([.init(domainSuffix: "windowsupdate.com", port: 80)])
        #expect(list.suppresses(image: "svchost.exe", destination: Self.c2, name: "ctldl.windowsupdate.com", port: 80))
        #expect(
            !list.suppresses(image: "svchost.exe", destination: Self.c2, name: "ctldl.windowsupdate.com", port: 8080))
        #expect(!list.suppresses(image: "svchost.exe", destination: Self.c2, name: nil, port: 80))
    }

    @Test func allowlist_singleParts_andEmptyEntryMatchesNothing() {
        let list = allowlist([
            .init(image: "backup.exe"), .init(port: 9999), .init(destination: CIDRBlock("192.168.0.0/16")),
            .init(destination: CIDRBlock("2001:db8::/32")), .init(),
        ])
        #expect(list.suppresses(image: "backup.exe", destination: Self.c2, name: nil, port: 1))
        #expect(list.suppresses(image: "x.exe", destination: Self.c2, name: nil, port: 9999))
        #expect(list.suppresses(image: "x.exe", destination: IPAddress("192.168.7.9")!, name: nil, port: 1))
        #expect(list.suppresses(image: "x.exe", destination: IPAddress("2001:db8::1")!, name: nil, port: 1))
        #expect(!list.suppresses(image: "x.exe", destination: Self.c2, name: nil, port: 1))
        #expect(list.entryCount == 5)
    }

    @Test func allowlist_defaults_coverAzureAgents_notPayloadsToTheSameAddresses() {
        let list = allowlist([], defaults: true)
        #expect(
            list.suppresses(image: "windowsazureguestagent.exe", destination: Self.wireServer, name: nil, port: 32526))
        #expect(list.suppresses(image: "networkwatcheragent.exe", destination: Self.metadata, name: nil, port: 80))
        #expect(list.suppresses(image: "waappagent.exe", destination: Self.wireServer, name: nil, port: 80))
        #expect(list.suppresses(image: "svchost.exe", destination: Self.wireServer, name: nil, port: 53))
        #expect(!list.suppresses(image: "svchost.exe", destination: Self.wireServer, name: nil, port: 80))
        #expect(!list.suppresses(image: "powershell.exe", destination: Self.metadata, name: nil, port: 80))
    }

    @Test func allowlist_defaults_coverWindowsServices() {
        let list = allowlist([], defaults: true)
        for name in [
            "fe2.update.microsoft.com", "ctldl.windowsupdate.com", "v10.events.data.microsoft.com", "time.windows.com",
        ] {
            #expect(list.suppresses(image: "svchost.exe", destination: Self.c2, name: name, port: 443), "\(name)")
        }
        #expect(list.suppresses(image: "svchost.exe", destination: Self.c2, name: nil, port: 123))
        #expect(!list.suppresses(image: "powershell.exe", destination: Self.c2, name: nil, port: 123))
        #expect(
            !list.suppresses(
                image: "powershell.exe", destination: Self.c2, name: "update.microsoft.com.evil.net", port: 443))
    }
}
