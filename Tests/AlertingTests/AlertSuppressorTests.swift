import Detection
import EventDecoding
import Testing
import WFPCore

@testable import Alerting

private typealias F = AlertingFixtures

@Test func alertSuppressor_alertsOnFirstFinding_andCountsRepeatsInWindow() {
    var suppressor = AlertSuppressor()

    let first = suppressor.process(F.finding(), event: F.event(atSecond: 0))
    #expect(first?.suppressedCount == 0)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 60)) == nil)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 599)) == nil)

    let next = suppressor.process(F.finding(), event: F.event(atSecond: 600))
    #expect(next?.suppressedCount == 2)
    #expect(next?.event.time == F.event(atSecond: 600).time)
}

@Test func alertSuppressor_opensNewWindow_afterAlertingAgain() {
    var suppressor = AlertSuppressor(window: .seconds(100))

    _ = suppressor.process(F.finding(), event: F.event(atSecond: 0))
    _ = suppressor.process(F.finding(), event: F.event(atSecond: 50))
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 150))?.suppressedCount == 1)
    // The new window runs from second 150, so 200 is inside it and 250 is past it.
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 200)) == nil)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 250))?.suppressedCount == 1)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 1000))?.suppressedCount == 0)
}

@Test func alertSuppressor_keepsKeysApart() {
    var suppressor = AlertSuppressor()

    #expect(suppressor.process(F.finding(), event: F.event()) != nil)
    #expect(suppressor.process(F.finding(rule: "high_risk_port"), event: F.event()) != nil)
    #expect(suppressor.process(F.finding(), event: F.event(host: "WORKSTATION6")) != nil)
    #expect(suppressor.process(F.finding(), event: F.event(image: "pwsh.exe")) != nil)
    #expect(suppressor.process(F.finding(), event: F.event(destination: 0x0A0A_0A06)) != nil)
    #expect(suppressor.process(F.finding(), event: F.event(port: 443)) != nil)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 1)) == nil)
    #expect(suppressor.keyCount == 6)
}

@Test func alertSuppressor_countsOutOfOrderEvent_withinAWindow_asInsideIt() {
    var suppressor = AlertSuppressor()

    _ = suppressor.process(F.finding(), event: F.event(atSecond: 1000))
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 401)) == nil)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 1600))?.suppressedCount == 1)
}

@Test func alertSuppressor_alertsAgain_afterAFarFutureEvent() {
    var suppressor = AlertSuppressor()
    let year: Int64 = 365 * 86_400

    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 80 * year)) != nil)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 0)) != nil)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: 30)) == nil)
    #expect(suppressor.process(F.finding(), event: F.event(atSecond: -2 * year)) != nil)
}

@Test func alertSuppressor_evictsOldestKeys_whenOverCap() {
    var suppressor = AlertSuppressor(maximumKeys: 10)

    for index in 0..<10 {
        _ = suppressor.process(F.finding(), event: F.event(port: UInt16(1000 + index), atSecond: Int64(index)))
    }
    _ = suppressor.process(F.finding(), event: F.event(port: 1000, atSecond: 20))  // held back, key 1000 oldest
    _ = suppressor.process(F.finding(), event: F.event(port: 2000, atSecond: 30))

    #expect(suppressor.keyCount == 9)
    #expect(suppressor.evictedKeyCount == 2)
    #expect(suppressor.evictedSuppressedCount == 1)
    // Key 1000 was evicted, so it alerts afresh; key 1005 is still held.
    #expect(suppressor.process(F.finding(), event: F.event(port: 1000, atSecond: 40))?.suppressedCount == 0)
    #expect(suppressor.process(F.finding(), event: F.event(port: 1005, atSecond: 40)) == nil)
}

@Test func alertID_isStable_forSameInput() {
    let first = AlertID.make(rule: "suspicious_process", event: F.event())
    let again = AlertID.make(rule: "suspicious_process", event: F.event())

    #expect(first == again)
    #expect(first.count == 32)
    #expect(first.allSatisfy { $0.isHexDigit && !$0.isUppercase })
}

@Test func alertID_changes_whenAnyKeyPartOrTimeChanges() {
    let base = AlertID.make(rule: "suspicious_process", event: F.event())
    let variants = [
        AlertID.make(rule: "high_risk_port", event: F.event()),
        AlertID.make(rule: "suspicious_process", event: F.event(host: "WORKSTATION6")),
        AlertID.make(rule: "suspicious_process", event: F.event(image: "pwsh.exe")),
        AlertID.make(rule: "suspicious_process", event: F.event(destination: 0x0A0A_0A06)),
        AlertID.make(rule: "suspicious_process", event: F.event(port: 81)),
        AlertID.make(rule: "suspicious_process", event: F.event(atSecond: 1)),
    ]

    #expect(Set(variants + [base]).count == 7)
}

@Test func alertID_isTheHashOfTheJoinedKeyText() {
    // The id hashes `rule|host|image|destination|port|time ns` without building that text.
    let event = F.event(port: 0, atSecond: -1_900_000_000)
    let joined = "beacon|WORKSTATION5|powershell.exe|10.10.10.5|0|\(event.time.nanosecondsSinceEpoch)"

    #expect(event.time.nanosecondsSinceEpoch < 0)
    #expect(AlertID.make(rule: "beacon", event: event) == AlertID.hex(joined))
    #expect(AlertID.make(rule: "beacon", event: F.event(port: 4444)) != AlertID.hex(joined))
}

@Test func alertID_matchesFNV1a_forKnownInput() {
    // FNV-1a 64 of "a" with the standard offset basis is af63dc4c8601ec8c.
    #expect(AlertID.hex("a").hasPrefix("af63dc4c8601ec8c"))
    #expect(AlertID.hex("") .hasPrefix("cbf29ce484222325"))
}

@Test func alertSuppressor_letsEscalationThrough_insideWindow() {
    var suppressor = AlertSuppressor()
    let beacon = { (severity: Severity) in F.finding(rule: "beaconing", severity: severity) }

    #expect(suppressor.process(beacon(.low), event: F.event(atSecond: 0)) != nil)
    #expect(suppressor.process(beacon(.low), event: F.event(atSecond: 5)) == nil)
    let escalated = suppressor.process(beacon(.medium), event: F.event(atSecond: 10))
    #expect(escalated?.finding.severity == .medium)
    #expect(escalated?.suppressedCount == 1)
    // Back at or below the window's highest severity: held back again.
    #expect(suppressor.process(beacon(.medium), event: F.event(atSecond: 15)) == nil)
    #expect(suppressor.process(beacon(.low), event: F.event(atSecond: 20)) == nil)
}
