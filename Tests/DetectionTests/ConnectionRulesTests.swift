import EventDecoding
import Testing
import WFPCore

@testable import Detection

private typealias F = DetectionFixtures

private let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())

private func evaluate(_ event: NormalizedEvent, scope: AddressScope, with rules: ConnectionRules = rules) -> [Finding] {
    rules.evaluate(event, connection: event.connection!, scope: scope)
}

@Test func connectionRules_flagsPowerShell_whenPsinjectReachesListener() {
    let findings = evaluate(F.psinjectPowerShell, scope: .private)

    #expect(findings.count == 1)
    let finding = findings[0]
    #expect(finding.rule == "suspicious_process")
    #expect(finding.severity == .medium)
    #expect(finding.techniques == ["T1059.001"])
    #expect(finding.summary == "powershell.exe on WORKSTATION5 connected to 10.10.10.5:80/tcp")
    #expect(finding.reasons.contains("powershell.exe is on the watched process list"))
    #expect(finding.reasons.contains("connection was allowed (outbound)"))
    #expect(finding.reasons.contains("destination is a private address"))
}

@Test func connectionRules_usesPublicSeverity_whenDestinationIsPublic() {
    let findings = evaluate(F.psinjectPowerShell, scope: .public)

    #expect(findings.map(\.severity) == [.high])
    #expect(findings[0].reasons.contains("destination is a public address"))
}

@Test func connectionRules_flagsRegsvr32_withSquiblydooTechnique() {
    let findings = evaluate(F.regsvr32Launcher, scope: .private)

    #expect(findings.map(\.rule) == ["suspicious_process"])
    #expect(findings[0].techniques == ["T1218.010"])
    #expect(findings[0].summary == "regsvr32.exe on WORKSTATION5 connected to 10.10.10.5:8444/tcp")
}

@Test func connectionRules_flagsDownloadsFolder_whenImageIsUnknown() {
    let findings = evaluate(F.downloadsPayload, scope: .private)

    #expect(findings.map(\.rule) == ["suspicious_process"])
    #expect(findings[0].techniques == ["T1204.002"])
    #expect(findings[0].reasons.contains("process path matches \\users\\*\\downloads\\"))
}

@Test func connectionRules_matchesDriveLetterPath_caseInsensitively() {
    let event = F.connection(
        image: "update.exe", path: "C:\\Users\\Bob\\Downloads\\update.exe", destination: F.ipv4(10, 0, 5, 13),
        port: 443)

    #expect(evaluate(event, scope: .private).map(\.techniques) == [["T1204.002"]])
}

@Test func connectionRules_addsMasquerading_whenSystemNameRunsFromOddFolder() {
    let event = F.connection(
        image: "svchost.exe", path: "C:\\Users\\Public\\svchost.exe", destination: F.ipv4(10, 0, 5, 13), port: 443)

    #expect(evaluate(event, scope: .private).map(\.techniques) == [["T1204.002", "T1036.005"]])
}

@Test func connectionRules_ignoresOrdinaryProcess_onOrdinaryPort() {
    let event = F.connection(
        image: "chrome.exe", path: "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
        destination: F.ipv4(142, 250, 74, 36), port: 443)

    #expect(evaluate(event, scope: .public).isEmpty)
}

@Test func connectionRules_flagsHighRiskPort_withT1571() {
    let event = F.connection(
        image: "chrome.exe", path: "C:\\Program Files\\chrome.exe", destination: F.ipv4(10, 0, 5, 13), port: 4444)

    let findings = evaluate(event, scope: .private)
    #expect(findings.map(\.rule) == ["high_risk_port"])
    #expect(findings[0].techniques == ["T1571"])
    #expect(findings[0].severity == .medium)
    #expect(findings[0].reasons.first == "destination port 4444 is on the high-risk port list")
}

@Test func connectionRules_reportsEveryRule_whenSeveralMatch() {
    var intel = ThreatIntelSet()
    intel.insert(F.ipv4(203, 0, 113, 7), file: "c2.txt")
    let both = ConnectionRules(configuration: DetectionConfiguration(), intel: intel)
    let event = F.connection(
        image: "rundll32.exe", path: "\\windows\\system32\\rundll32.exe", destination: F.ipv4(203, 0, 113, 7),
        port: 4444)

    let findings = evaluate(event, scope: .public, with: both)
    #expect(findings.map(\.rule) == ["suspicious_process", "high_risk_port", "threat_intel"])
    #expect(findings.map(\.severity) == [.high, .high, .critical])
    #expect(findings[0].techniques == ["T1218.011"])
    #expect(findings[2].techniques == ["T1071"])
    #expect(findings[2].reasons.first == "destination 203.0.113.7 is listed in threat intel file c2.txt")
}

@Test func connectionRules_saysBlocked_whenFilteringPlatformBlocked() {
    var event = F.psinjectPowerShell
    var connection = event.connection!
    connection.outcome = .blocked
    event.detail = .connection(connection)

    let findings = evaluate(event, scope: .private)
    #expect(findings.count == 1)
    #expect(findings[0].summary == "powershell.exe on WORKSTATION5 tried to connect to 10.10.10.5:80/tcp (blocked)")
    #expect(findings[0].reasons.contains("connection was blocked (outbound)"))
}

@Test func connectionRules_ignoresInbound() {
    let event = F.connection(
        image: "powershell.exe", path: "\\windows\\system32\\powershell.exe", destination: F.ipv4(10, 10, 10, 5),
        port: 4444, direction: .inbound)

    #expect(evaluate(event, scope: .private).isEmpty)
    #expect(evaluate(event, scope: .public).isEmpty)
}

@Test func connectionRules_countsUnknownDirection_onlyForNonLocalDestination() {
    let event = F.connection(
        image: "powershell.exe", path: "\\windows\\system32\\powershell.exe", destination: F.ipv4(10, 10, 10, 5),
        port: 80, direction: .unknown)

    #expect(evaluate(event, scope: .private).map(\.reasons.last) == ["destination is a private address"])
    #expect(evaluate(event, scope: .private)[0].reasons.contains("connection was allowed (direction unknown)"))
    #expect(evaluate(event, scope: .loopback).isEmpty)
    #expect(evaluate(event, scope: .multicast).isEmpty)
}

@Test func connectionRules_ignoresLoopbackAndLinkLocal_byDefault() {
    let event = F.psinjectPowerShell

    #expect(evaluate(event, scope: .loopback).isEmpty)
    #expect(evaluate(event, scope: .linkLocal).isEmpty)
}

@Test func connectionRules_alertsOnLinkLocal_whenScopeConfigured() {
    var configuration = DetectionConfiguration()
    configuration.suspiciousProcess.scopes.insert(.linkLocal)
    let configured = ConnectionRules(configuration: configuration, intel: ThreatIntelSet())

    #expect(evaluate(F.psinjectPowerShell, scope: .linkLocal, with: configured).map(\.rule) == ["suspicious_process"])
}

@Test func connectionRules_staysQuiet_whenRuleDisabled() {
    var configuration = DetectionConfiguration()
    configuration.suspiciousProcess.enabled = false
    let configured = ConnectionRules(configuration: configuration, intel: ThreatIntelSet())

    #expect(evaluate(F.psinjectPowerShell, scope: .private, with: configured).isEmpty)
}

@Test func connectionRules_ignoresProcessStarts() {
    var event = F.psinjectPowerShell
    event.detail = .processStart(
        ProcessStart(
            process: ProcessRef(pid: 1, image: "powershell.exe", path: "\\windows\\powershell.exe"),
            commandLine: nil, parent: nil, user: nil))

    #expect(rules.evaluate(event).isEmpty)
}

@Test func connectionRules_printsIPv6Endpoint_inBrackets() {
    let event = F.connection(
        image: "cmd.exe", path: "\\windows\\system32\\cmd.exe",
        destination: IPAddress(high: 0x2001_0DB8_0000_0000, low: 0x0000_0000_0000_0001), port: 443,
        protocolNumber: 17)

    let findings = evaluate(event, scope: .public)
    #expect(findings.map(\.summary) == ["cmd.exe on WORKSTATION5 connected to [2001:db8::1]:443/udp"])
    #expect(findings.map(\.techniques) == [["T1059.003"]])
}

// The public entry point, with the scope taken from the address itself.
@Test
func connectionRules_usesAddressScope_endToEnd() {
    #expect(rules.evaluate(F.psinjectPowerShell).map(\.severity) == [.medium])

    let loopback = F.connection(
        image: "powershell.exe", path: "\\windows\\powershell.exe", destination: IPAddress(ipv4: 0x7F00_0001), port: 80)
    let metadata = F.connection(
        image: "powershell.exe", path: "\\windows\\powershell.exe", destination: F.ipv4(169, 254, 169, 254), port: 80)
    #expect(rules.evaluate(loopback).isEmpty)
    #expect(rules.evaluate(metadata).isEmpty)
}
