import EventDecoding
import Testing
import WFPCore

@testable import Detection

/// The stateful detectors with their shipped defaults over the real OTRF captures.
struct FrequencyRealCaptureTests {
    @Test func realCaptures_raiseNoHighFrequencyOrFanOut_withDefaults() throws {
        for capture in CorrelationFixtures.realCaptures {
            var detector = FrequencyDetector(configuration: FrequencyConfiguration())
            let connections = try CorrelationFixtures.realCaptureConnections(capture)
            let findings = connections.flatMap { detector.observe($0.0, connection: $0.1) }
            #expect(findings.isEmpty, "\(capture): \(findings.map(\.summary))")
            #expect(detector.trackedKeys > 0 || connections.isEmpty, "\(capture)")
        }
    }

    @Test func metasploitCapture_rarity_marksThePayloadServerNewForTheHost() throws {
        var configuration = RarityConfiguration()
        configuration.learningPeriod = .zero
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        let connections = try CorrelationFixtures.realCaptureConnections(
            "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl")
        #expect(connections.count > 100)

        var firsts: [String: RarityContext] = [:]
        for (event, connection) in connections {
            guard let context = tracker.observe(event, connection: connection), context.firstForHost else { continue }
            firsts["\(connection.process.image) \(connection.destinationAddress)"] = context
        }
        // Three destinations in the capture: the DNS server and domain controller, the subnet
        // broadcast, and the attacker's 10.0.5.13, first fetched by msedge.exe (the payload
        // download) before winx64_payload.exe called back to it.
        #expect(firsts.keys.sorted() == ["msedge.exe 10.0.5.13", "svchost.exe 192.168.1.4", "system 192.168.1.255"])
        // One host in the capture: every first is first for the fleet, and repeat traffic is not.
        #expect(firsts.values.allSatisfy { $0.firstForFleet })
        #expect(tracker.trackedHosts == 1)
        #expect(tracker.trackedDestinations == firsts.count)
    }

    @Test func metasploitCapture_defaultLearningPeriod_keepsRarityQuiet() throws {
        let configuration = RarityConfiguration()
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        let connections = try CorrelationFixtures.realCaptureConnections(
            "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl")
        let contexts = connections.compactMap { tracker.observe($0.0, connection: $0.1) }
        #expect(!contexts.isEmpty)
        #expect(!contexts.contains { $0.isRare })
    }
}
