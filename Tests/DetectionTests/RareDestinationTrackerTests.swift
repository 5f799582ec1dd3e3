import EventDecoding
import Testing
import WFPCore

@testable import Detection

struct RareDestinationTrackerTests {
    private static let c2 = RareDestinationKey.address(DetectionFixtures.ipv4(10, 10, 10, 5))
    private static let day: Duration = .seconds(86_400)

    private func configuration(learning: Duration = .zero) -> RarityConfiguration {
        var configuration = RarityConfiguration()
        configuration.learningPeriod = learning
        configuration.alert = true
        return configuration
    }

    private func time(_ offset: Duration) -> Timestamp { CorrelationFixtures.start + offset }

    @Test func rarity_firstForHostAndFleet_thenKnown() {
        let configuration = configuration()
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        let first = tracker.observe(host: "WORKSTATION5", destination: Self.c2, time: time(.zero))
        #expect(first?.firstForHost == true)
        #expect(first?.firstForFleet == true)
        #expect(first?.fleetHosts == 1)

        let again = tracker.observe(host: "WORKSTATION5", destination: Self.c2, time: time(.seconds(5)))
        #expect(again == .common)
    }

    @Test func rarity_secondHost_isFirstForHost_butNotForFleet() {
        let configuration = configuration()
        let fleet = FleetPrevalence(configuration: configuration)
        var tracker = RareDestinationTracker(configuration: configuration, fleet: fleet)
        _ = tracker.observe(host: "WORKSTATION5", destination: Self.c2, time: time(.zero))
        let second = tracker.observe(host: "WORKSTATION6", destination: Self.c2, time: time(.seconds(60)))

        #expect(second?.firstForHost == true)
        #expect(second?.firstForFleet == false)
        #expect(second?.fleetHosts == 2)
        #expect(second?.fleetSize == 2)
        #expect(second?.fleetShare == 1)
        #expect(fleet.hostCount == 2)
    }

    @Test func rarity_forgetsADestinationAfterTheMemoryPeriod() {
        let configuration = configuration()
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        _ = tracker.observe(host: "WORKSTATION5", destination: Self.c2, time: time(.zero))
        // Other traffic keeps the host alive; the destination itself is not seen again.
        for day in 1...6 {
            _ = tracker.observe(
                host: "WORKSTATION5", destination: .name("day\(day).example"), time: time(Self.day * day))
        }
        let lastSeen = Self.day * 7 - .seconds(1)
        let withinMemory = tracker.observe(host: "WORKSTATION5", destination: Self.c2, time: time(lastSeen))
        #expect(withinMemory == .common)

        // Forgotten at the latest one bucket (a seventh of the memory) past the memory period.
        let afterMemory = tracker.observe(
            host: "WORKSTATION5", destination: Self.c2, time: time(lastSeen + Self.day * 8))
        #expect(afterMemory?.firstForHost == true)
        #expect(afterMemory?.firstForFleet == true)
    }

    @Test func rarity_keepsADestinationReachedEveryDay() {
        let configuration = configuration()
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        _ = tracker.observe(host: "WORKSTATION5", destination: Self.c2, time: time(.zero))
        for day in 1...20 {
            let context = tracker.observe(host: "WORKSTATION5", destination: Self.c2, time: time(Self.day * day))
            #expect(context == .common)
        }
    }

    @Test func rarity_marksLearning_untilTheHostIsWatchedLongEnough() {
        let configuration = configuration(learning: .seconds(3600))
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        let early = tracker.observe(host: "WORKSTATION5", destination: Self.c2, time: time(.zero))
        #expect(early?.learning == true)
        #expect(early?.isRare == false)

        let late = tracker.observe(
            host: "WORKSTATION5", destination: .name("later.example"), time: time(.seconds(7200)))
        #expect(late?.learning == false)
        #expect(late?.isRare == true)
    }

    /// Two workers, one host each, sharing one fleet: WORKSTATION5 reaches the destination at
    /// 10 s, WORKSTATION6 at 20 s.
    private func fleetAnswers(ws5First: Bool) -> (ws5: RarityContext?, ws6: RarityContext?) {
        let configuration = configuration()
        let fleet = FleetPrevalence(configuration: configuration)
        var worker1 = RareDestinationTracker(configuration: configuration, fleet: fleet)
        var worker2 = RareDestinationTracker(configuration: configuration, fleet: fleet)
        var ws5: RarityContext?
        var ws6: RarityContext?
        let observeWS5 = {
            ws5 = worker1.observe(host: "WORKSTATION5", destination: Self.c2, time: self.time(.seconds(10)))
        }
        let observeWS6 = {
            ws6 = worker2.observe(host: "WORKSTATION6", destination: Self.c2, time: self.time(.seconds(20)))
        }
        if ws5First {
            observeWS5()
            observeWS6()
        } else {
            observeWS6()
            observeWS5()
        }
        return (ws5, ws6)
    }

    @Test func fleetPrevalence_earliestSightingIsFirst_whateverTheInterleaving() {
        let inOrder = fleetAnswers(ws5First: true)
        let lagging = fleetAnswers(ws5First: false)

        #expect(inOrder.ws5?.firstForFleet == true)
        #expect(inOrder.ws6?.firstForFleet == false)
        #expect(inOrder.ws6?.fleetHosts == 2)
        // The earlier sighting is first in both orders, and counts only itself.
        #expect(lagging.ws5?.firstForFleet == true)
        #expect(lagging.ws5?.fleetHosts == 1)
        #expect(lagging.ws5?.fleetSize == 1)
        // The documented edge: the later sighting asked before the earlier one arrived.
        #expect(lagging.ws6?.firstForFleet == true)
    }

    @Test func fleetPrevalence_breaksTiesInEventTimeByHostName() {
        let configuration = configuration()
        for order in [["B-HOST", "A-HOST"], ["A-HOST", "B-HOST"]] {
            let fleet = FleetPrevalence(configuration: configuration)
            var answers: [String: Bool] = [:]
            for host in order {
                answers[host] = fleet.recordFirstSighting(Self.c2, host: host, time: time(.seconds(10))).firstForFleet
            }
            #expect(answers["A-HOST"] == true)
        }
    }

    @Test func rarity_findingOnlyWhenAlertOnAndRare() {
        var configuration = configuration()
        let (event, connection) = CorrelationFixtures.event(at: .zero)
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        let context = tracker.observe(event, connection: connection)!
        let finding = tracker.finding(for: context, event: event, connection: connection)
        #expect(finding?.rule == "rare_destination")
        #expect(finding?.severity == .low)
        #expect(
            finding?.reasons == [
                "first connection from WORKSTATION5 to 10.10.10.5 in 7 days",
                "no other host reached it before (1 hosts watched)",
            ])
        #expect(
            finding?.summary
                == "powershell.exe on WORKSTATION5 connected to 10.10.10.5:80, a destination new to the fleet")

        configuration.alert = false
        let quiet = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        #expect(quiet.finding(for: context, event: event, connection: connection) == nil)
    }

    @Test func rarity_ignoresPlumbingAndInbound() {
        let configuration = configuration()
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        let (metadata, metadataConnection) = CorrelationFixtures.event(
            at: .zero, destination: IPAddress("169.254.169.254")!)
        let (inbound, inboundConnection) = CorrelationFixtures.event(at: .zero, direction: .inbound)
        #expect(tracker.observe(metadata, connection: metadataConnection) == nil)
        #expect(tracker.observe(inbound, connection: inboundConnection) == nil)
        #expect(tracker.trackedHosts == 0)
    }

    @Test func rarity_stopsRememberingAtTheHostCap() {
        var configuration = configuration()
        configuration.maximumDestinationsPerHost = 3
        var tracker = RareDestinationTracker(
            configuration: configuration, fleet: FleetPrevalence(configuration: configuration))
        for index in 0..<10 {
            _ = tracker.observe(
                host: "WORKSTATION5", destination: .name("n\(index).example"), time: time(.seconds(index)))
        }
        #expect(tracker.trackedDestinations == 3)
        #expect(tracker.droppedDestinations == 7)
    }
}
