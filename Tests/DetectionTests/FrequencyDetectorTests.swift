import EventDecoding
import Testing
import WFPCore

@testable import Detection

struct FrequencyDetectorTests {
    private func configuration(threshold: Int = 5, fanOut: Int = 4) -> FrequencyConfiguration {
        var configuration = FrequencyConfiguration()
        configuration.connectionsPerWindow = threshold
        configuration.fanOutDestinations = fanOut
        return configuration
    }

    /// Feeds connections 100 ms apart with a new source port each; returns the findings per event.
    private func feed(
        _ detector: inout FrequencyDetector, count: Int, from start: Duration = .zero,
        step: Duration = .milliseconds(100),
        port: UInt16 = 80
    ) -> [[Finding]] {
        (0..<count).map { index in
            let (event, connection) = CorrelationFixtures.event(
                at: start + step * index, port: port, sourcePort: UInt16(40000 + index % 20000))
            return detector.observe(event, connection: connection)
        }
    }

    @Test func highFrequency_alertsAtTheEventThatReachesTheThreshold_notBefore() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 100))
        let findings = feed(&detector, count: 100, step: .milliseconds(50))

        #expect(findings.prefix(99).allSatisfy { $0.isEmpty })
        let crossing = findings[99]
        #expect(crossing.map(\.rule) == ["high_frequency"])
        #expect(
            crossing.first?.summary
                == "powershell.exe on WORKSTATION5 made 100 connections to 10.10.10.5:80/tcp within 10 s")
        #expect(crossing.first?.techniques == ["T1499", "T1071"])
        #expect(crossing.first?.severity == .medium)
    }

    @Test func highFrequency_staysQuiet_atOneUnderTheThreshold() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 100))
        let findings = feed(&detector, count: 99, step: .milliseconds(50))
        #expect(findings.allSatisfy { $0.isEmpty })
    }

    @Test func highFrequency_alertsOncePerCrossing_andAgainAfterTheBurstEnds() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 5))
        let burst = feed(&detector, count: 40, step: .milliseconds(100))
        #expect(burst.flatMap { $0 }.count == 1)

        // Quiet for a window, then a second burst: a new crossing.
        let second = feed(&detector, count: 5, from: .seconds(30), step: .milliseconds(100))
        #expect(second.flatMap { $0 }.map(\.rule) == ["high_frequency"])
        #expect(second[4].count == 1)
    }

    @Test func highFrequency_windowSlides_soSparseConnectionsNeverCross() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 5))
        // One connection every 2.5 s: at most 4 within any 10 s window.
        let findings = feed(&detector, count: 50, step: .milliseconds(2500))
        #expect(findings.allSatisfy { $0.isEmpty })

        // At 2 s apart, 5 fall within one window.
        var faster = FrequencyDetector(configuration: configuration(threshold: 5))
        let crossing = feed(&faster, count: 6, step: .seconds(2))
        #expect(crossing.flatMap { $0 }.count == 1)
    }

    @Test func highFrequency_countsOneTCPConnectionReportedTwice_once() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 5))
        var findings: [Finding] = []
        for index in 0..<4 {
            // 5156 and Sysmon 3 for one connection: same source port, same moment.
            for _ in 0..<2 {
                let (event, connection) = CorrelationFixtures.event(
                    at: .milliseconds(100 * index), sourcePort: UInt16(41000 + index))
                findings += detector.observe(event, connection: connection)
            }
        }
        #expect(findings.isEmpty)
    }

    @Test func highFrequency_namesBruteForce_forAnAuthenticationPort() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 5))
        let findings = feed(&detector, count: 5, port: 445).flatMap { $0 }
        #expect(findings.first?.techniques == ["T1110"])
    }

    @Test func highFrequency_ignoresInboundAndLoopback() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 2))
        for index in 0..<10 {
            let (inbound, inConnection) = CorrelationFixtures.event(
                at: .milliseconds(10 * index), sourcePort: UInt16(42000 + index), direction: .inbound)
            let (loop, loopConnection) = CorrelationFixtures.event(
                at: .milliseconds(10 * index), destination: IPAddress("127.0.0.1")!, sourcePort: UInt16(43000 + index))
            #expect(detector.observe(inbound, connection: inConnection).isEmpty)
            #expect(detector.observe(loop, connection: loopConnection).isEmpty)
        }
        #expect(detector.trackedKeys == 0)
    }

    @Test func fanOut_byDistinctPorts_alertsAtTheLimitOnce() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 1000, fanOut: 4))
        var findings: [[Finding]] = []
        for port in UInt16(1)...10 {
            let (event, connection) = CorrelationFixtures.event(
                at: .seconds(Int(port)), port: port, sourcePort: 40000 + port)
            findings.append(detector.observe(event, connection: connection))
        }
        #expect(findings.prefix(3).allSatisfy { $0.isEmpty })
        #expect(findings[3].map(\.rule) == ["fan_out"])
        #expect(findings[3].first?.techniques == ["T1046"])
        #expect(
            findings[3].first?.summary
                == "powershell.exe (pid 4242) on WORKSTATION5 reached 4 distinct destination ports within 60 s")
        #expect(findings.dropFirst(4).allSatisfy { $0.isEmpty })
    }

    @Test func fanOut_byDistinctPrivateAddresses_countsSweeps_notPublicAddresses() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 1000, fanOut: 4))
        var publicFindings: [Finding] = []
        for host in UInt32(1)...10 {
            let (event, connection) = CorrelationFixtures.event(
                at: .seconds(Int(host)), destination: DetectionFixtures.ipv4(93, 184, 216, host), port: 443,
                sourcePort: UInt16(44000 + host))
            publicFindings += detector.observe(event, connection: connection)
        }
        #expect(publicFindings.isEmpty)

        var sweep: [Finding] = []
        for host in UInt32(1)...4 {
            let (event, connection) = CorrelationFixtures.event(
                at: .seconds(20 + Int(host)), pid: 777, destination: DetectionFixtures.ipv4(10, 0, 0, host), port: 445,
                sourcePort: UInt16(45000 + host))
            sweep += detector.observe(event, connection: connection)
        }
        #expect(sweep.map(\.rule) == ["fan_out"])
        #expect(sweep.first?.techniques == ["T1046", "T1018"])
        #expect(sweep.first?.reasons.first == "4 distinct destination addresses within 60 s, threshold 4")
    }

    @Test func fanOut_forgetsDestinationsOutsideTheWindow() {
        var detector = FrequencyDetector(configuration: configuration(threshold: 1000, fanOut: 4))
        var findings: [Finding] = []
        // A new port every 30 s: never four within a minute.
        for port in UInt16(1)...12 {
            let (event, connection) = CorrelationFixtures.event(
                at: .seconds(30 * Int(port)), port: port, sourcePort: 40000 + port)
            findings += detector.observe(event, connection: connection)
        }
        #expect(findings.isEmpty)
    }

    @Test func frequencyDetector_expiresIdleKeys_andDropsNewKeysAtTheCap() {
        var configuration = configuration(threshold: 1000, fanOut: 1000)
        configuration.maximumTrackedKeys = 4
        var detector = FrequencyDetector(configuration: configuration)
        for port in UInt16(1)...3 {
            let (event, connection) = CorrelationFixtures.event(at: .zero, port: port, sourcePort: 40000 + port)
            _ = detector.observe(event, connection: connection)
        }
        // Three series and one process: full. A fourth port at the same moment finds no room.
        #expect(detector.trackedKeys == 4)
        let (event, connection) = CorrelationFixtures.event(at: .zero, port: 9, sourcePort: 40009)
        _ = detector.observe(event, connection: connection)
        #expect(detector.droppedKeys == 1)
        #expect(detector.trackedKeys == 4)

        // Two minutes later the idle keys are swept to make room.
        let (later, laterConnection) = CorrelationFixtures.event(at: .seconds(120), port: 9, sourcePort: 40010)
        _ = detector.observe(later, connection: laterConnection)
        #expect(detector.expiredKeys == 4)
        #expect(detector.trackedKeys == 2)

        detector.expire(before: CorrelationFixtures.start + .seconds(121))
        #expect(detector.trackedKeys == 0)
    }
}
