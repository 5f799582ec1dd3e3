import Testing
import WFPCore
import EventDecoding
@testable import Enrichment

private let regsvr32File = "otrf_empire_launcher_sct_regsvr32.jsonl"
private let metasploitFile = "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl"
private let azureFile = "otrf_log4shell_java_serialized_object_azure_la.jsonl"

@Test func realCaptures_joinAtLeast99PercentOfJoinableConnections() throws {
    for name in try EnrichmentFixtures.realCaptureNames() {
        let (table, _) = EnrichmentFixtures.replay(try EnrichmentFixtures.realCaptureEvents(name))
        let statistics = table.statistics
        print("\(name): \(statistics.summary), starts \(statistics.processStarts) merged \(statistics.processStartsMerged)")
        #expect(statistics.connectionsSeen > 0, "\(name): no connections")
        #expect((statistics.joinShare ?? 1) >= 0.99, "\(name): \(statistics.summary)")
    }
}
