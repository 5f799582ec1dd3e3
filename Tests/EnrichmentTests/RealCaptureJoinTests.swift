import Testing
import WFPCore
import EventDecoding
@testable import Enrichment

private let regsvr32File = "otrf_empire_launcher_sct_regsvr32.jsonl"
private let metasploitFile = "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl"
private let azureFile = "otrf_log4shell_java_serialized_object_azure_la.jsonl"

/// Connections whose creation record is in each capture; the psinject and covenant agents
/// started before their captures began.
private let joinableConnections = [
    "otrf_covenant_dcom_executeexcel4macro_blocked.jsonl": 0,
    "otrf_empire_launcher_sct_regsvr32.jsonl": 23,
    "otrf_empire_psinject_peinjection.jsonl": 0,
    "otrf_log4shell_java_serialized_object_azure_la.jsonl": 2,
    "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl": 52,
]

@Test func realCaptures_joinAtLeast99PercentOfJoinableConnections() throws {
    for name in try EnrichmentFixtures.realCaptureNames() {
        let (table, _) = EnrichmentFixtures.replay(try EnrichmentFixtures.realCaptureEvents(name))
        let statistics = table.statistics
        #expect(statistics.connectionsSeen > 0, "\(name): no connections")
        #expect((statistics.joinShare ?? 1) >= 0.99, "\(name): \(statistics.summary)")
        #expect(statistics.connectionsJoinable == joinableConnections[name], "\(name): \(statistics.summary)")
    }
}

/// The first connection context of `pid` to `destination`:`port` in a replayed capture.
private func context(
    in file: String, pid: UInt32, to destination: String, port: UInt16
) throws -> (HostContextTable, NormalizedEvent, ConnectionContext) {
    let (table, contexts) = EnrichmentFixtures.replay(try EnrichmentFixtures.realCaptureEvents(file))
    let match = try #require(contexts.first { event, _ in
        let connection = event.connection!
        return connection.process.pid == pid && connection.destinationAddress == IPAddress(destination)
            && connection.destinationPort == port
    })
    return (table, match.0, match.1)
}

@Test func empireRegsvr32_joinsBeaconToEncodedLauncherAndRegsvr32Parent() throws {
    let (table, event, context) = try context(in: regsvr32File, pid: 9076, to: "10.10.10.5", port: 80)
    let process = try #require(context.process)
    #expect(process.image == "powershell.exe")
    #expect(process.commandLine?.contains("-noP -sta -w 1 -enc") == true)
    #expect(process.parentPID == 9384)
    #expect(process.parentImage == "regsvr32.exe")
    #expect(process.user == #"MORDOR\pgustavo"#)
    #expect(process.sources == [.security, .sysmon])

    let ancestry = table.ancestry(of: process, host: event.host)
    #expect(ancestry.map(\.pid) == [9384])
    #expect(ancestry.first?.commandLine?.contains("launcher.sct") == true)
    #expect(ancestry.first?.parentImage == "powershell.exe")
}

@Test func empireRegsvr32_joinsEveryBeaconOfThePowerShellAgent() throws {
    let (_, contexts) = EnrichmentFixtures.replay(try EnrichmentFixtures.realCaptureEvents(regsvr32File))
    let beacons = contexts.filter { $0.0.connection?.process.pid == 9076 }
    #expect(beacons.count == 19)
    #expect(beacons.allSatisfy { $0.1.process?.parentImage == "regsvr32.exe" })
}

@Test func metasploit_joinsPayloadConnectionToExplorerParent() throws {
    let (_, _, context) = try context(in: metasploitFile, pid: 1988, to: "10.0.5.13", port: 8080)
    let process = try #require(context.process)
    #expect(process.image == "winx64_payload.exe")
    #expect(process.parentImage == "explorer.exe")
    #expect(process.parentPID != nil)
}

/// The capture lists Security events before Sysmon ones, so the names reach the Sysmon 3
/// connections that follow the answers; msedge.exe's queries had no answers (the lab had no
/// outside DNS), so its destinations stay unnamed.
@Test func metasploit_namesDomainControllerFromSysmonAnswers() throws {
    let (table, contexts) = EnrichmentFixtures.replay(try EnrichmentFixtures.realCaptureEvents(metasploitFile))
    let named = contexts.filter { $0.1.remoteName != nil }
    #expect(named.count == table.statistics.connectionsNamed)
    #expect(!named.isEmpty)
    #expect(named.allSatisfy {
        $0.1.remoteName == "DC01.pandalab.com" && $0.0.connection?.destinationAddress == IPAddress("192.168.1.4")
    })

    let edge = contexts.filter { $0.0.connection?.process.image == "msedge.exe" }
    #expect(edge.count > 0)
    #expect(edge.allSatisfy { $0.1.remoteName == nil && $0.1.process != nil })
}

@Test func azureLogAnalytics_joinsHexCreatorPIDToDecimalConnectionPID() throws {
    let events = try EnrichmentFixtures.realCaptureEvents(azureFile)
    let (table, contexts) = EnrichmentFixtures.replay(events)
    let tomcat = try #require(contexts.first {
        $0.0.eventID == 5156 && $0.0.connection?.process.image == "tomcat9.exe"
    })
    #expect(tomcat.0.connection?.process.pid == 3936)

    let spawned = try #require(contexts.first { $0.0.eventID == 5156 && $0.1.process?.image == "powershell.exe" })
    let powershell = try #require(spawned.1.process)
    #expect(powershell.parentPID == tomcat.0.connection?.process.pid)
    #expect(powershell.parentImage == "tomcat9.exe")
    #expect(powershell.commandLine?.contains("-NonI -W Hidden -NoP -Exec Bypass -Enc") == true)
    #expect(table.statistics.processStartsMerged == 2)
}
