import Foundation
import Testing
import WFPCore
@testable import EventDecoding

@Test func nxlogCapture_psinject_decodesEveryEventWithSourceCounts() throws {
    let tally = OutcomeTally(try DecodingFixtures.realCaptureLines("otrf_empire_psinject_peinjection.jsonl"))
    #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
    #expect(tally.counts == [
        "5156 connection": 188, "3 connection": 96, "4688 process_start": 1, "1 process_start": 1,
        "22 dns_query": 1, "5158 skipped": 201,
    ])
}

@Test func nxlogCapture_regsvr32_decodesEveryEventWithSourceCounts() throws {
    let tally = OutcomeTally(try DecodingFixtures.realCaptureLines("otrf_empire_launcher_sct_regsvr32.jsonl"))
    #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
    #expect(tally.counts == [
        "5156 connection": 216, "3 connection": 25, "4688 process_start": 7, "1 process_start": 7,
        "22 dns_query": 2, "5158 skipped": 23,
    ])
}

@Test func nxlogCapture_covenant_decodesBlockedConnections() throws {
    let lines = try DecodingFixtures.realCaptureLines("otrf_covenant_dcom_executeexcel4macro_blocked.jsonl")
    let tally = OutcomeTally(lines)
    #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
    #expect(tally.counts == [
        "5156 connection": 59, "5157 connection": 5, "3 connection": 12, "4688 process_start": 3,
        "1 process_start": 3, "5158 skipped": 100,
    ])

    let blocked = lines.compactMap { DecodingFixtures.event(DecodingFixtures.decode($0)) }.filter { $0.eventID == 5157 }
    let connection = try #require(blocked.first?.connection)
    #expect(connection.outcome == .blocked)
    #expect(connection.direction == .inbound)
    #expect(connection.process.image == "svchost.exe")
    #expect(connection.sourceAddress == IPAddress("172.18.39.5"))
    #expect(connection.destinationAddress == IPAddress("172.18.39.6"))
    #expect(connection.destinationPort == 135)
}

@Test func flatCapture_metasploit_decodesEveryEventWithSourceCounts() throws {
    let lines = try DecodingFixtures.realCaptureLines("otrf_metasploit_lsass_campaign01_logonpasswords.jsonl")
    let tally = OutcomeTally(lines)
    #expect(tally.failures.isEmpty, "\(tally.failures.prefix(5))")
    #expect(tally.counts == [
        "5156 connection": 177, "3 connection": 140, "4688 process_start": 53, "1 process_start": 269,
        "22 dns_query": 51, "5158 skipped": 195,
    ])
}

@Test func nxlogCapture_psinject_powershellBeaconsToC2() throws {
    let lines = try DecodingFixtures.realCaptureLines("otrf_empire_psinject_peinjection.jsonl")
    let options = DecoderOptions(timeZoneOffsetSeconds: -4 * 3600)
    let events = lines.compactMap { DecodingFixtures.event(DecodingFixtures.decode($0, options: options)) }
    let beacons = events.filter { $0.eventID == 5156 && $0.connection?.process.pid == 6008 }
    #expect(beacons.count == 22)

    let first = try #require(beacons.first)
    let connection = try #require(first.connection)
    #expect(first.format == .nxlogJSON)
    #expect(first.host == "WORKSTATION5.theshire.local")
    #expect(first.relay == nil)
    #expect(first.time == DecodingFixtures.time("2020-08-07T18:32:07Z"))
    #expect(first.timeSource == .eventAssumedZone)
    #expect(connection.process.image == "powershell.exe")
    #expect(connection.process.path == #"\windows\system32\windowspowershell\v1.0\powershell.exe"#)
    #expect(connection.direction == .outbound)
    #expect(connection.outcome == .allowed)
    #expect(connection.protocolNumber == 6)
    #expect(connection.sourceAddress == IPAddress("172.18.39.5"))
    #expect(connection.destinationAddress == IPAddress("10.10.10.5"))
    #expect(connection.destinationPort == 80)

    let sysmon = events.filter { $0.eventID == 3 && $0.connection?.process.pid == 6008 }
    #expect(sysmon.count == 22)
    #expect(sysmon.allSatisfy { $0.connection?.direction == .outbound && $0.connection?.protocolNumber == 6 })
    #expect(sysmon.first?.timeSource == .eventAssumedZone)
}

@Test func flatCapture_metasploit_payloadConnectsToHandler() throws {
    let lines = try DecodingFixtures.realCaptureLines("otrf_metasploit_lsass_campaign01_logonpasswords.jsonl")
    let events = lines.compactMap { DecodingFixtures.event(DecodingFixtures.decode($0)) }
    let payload = events.filter { $0.eventID == 5156 && $0.connection?.process.image == "winx64_payload.exe" }
    #expect(payload.count == 4)

    let first = try #require(payload.first)
    let connection = try #require(first.connection)
    #expect(first.format == .flatJSON)
    #expect(first.host == "MKT01.pandalab.com")
    #expect(first.timeSource == .event)
    #expect(connection.process.pid == 1988)
    #expect(connection.process.path.lowercased().contains(#"\downloads\winx64_payload.exe"#))
    #expect(connection.destinationAddress == IPAddress("10.0.5.13"))
    #expect(connection.destinationPort == 8080)
    #expect(connection.direction == .outbound)

    let icmpV6 = events.compactMap(\.connection).filter { $0.protocolNumber == 58 }
    #expect(icmpV6.count == 1)
    let ipv6 = events.compactMap(\.connection).filter { !$0.destinationAddress.isIPv4 }
    #expect(ipv6.contains { $0.destinationAddress == IPAddress("ff02::fb") })
}

@Test func flatCapture_metasploit_processStartsCarryHexPIDsAndParents() throws {
    let lines = try DecodingFixtures.realCaptureLines("otrf_metasploit_lsass_campaign01_logonpasswords.jsonl")
    let first = try #require(DecodingFixtures.event(DecodingFixtures.decode(lines[0])))
    guard case .processStart(let start) = first.detail else {
        Issue.record("expected a process start, got \(first.detail)")
        return
    }
    #expect(start.process.pid == 0x1d18)
    #expect(start.process.image == "msedge.exe")
    #expect(start.process.path == #"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"#)
    #expect(start.parent == ProcessRef(pid: 0x11c0, image: "explorer.exe", path: #"C:\Windows\explorer.exe"#))
    #expect(start.user == "stevie.marie")
    #expect(start.commandLine?.hasSuffix("--profile-directory=Default") == true)
    #expect(first.time == DecodingFixtures.time("2023-08-15T09:53:48.447Z"))
}

@Test func jsonCaptures_everyTruncatedLineFailsCleanly() throws {
    let files = [
        "otrf_empire_psinject_peinjection.jsonl", "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl",
        "otrf_log4shell_java_serialized_object_azure_la.jsonl",
    ]
    for file in files {
        let line = try #require(try DecodingFixtures.realCaptureLines(file).first { $0.count < 4000 })
        for length in 1..<line.count {
            let failure = DecodingFixtures.failure(DecodingFixtures.decode(Array(line[0..<length])))
            #expect(failure?.reason == .malformedJSON, "\(file) cut at \(length)")
        }
    }
}
