import EventDecoding
import Testing
import WFPCore

@testable import Evaluation

private func smallScenario(seed: UInt64 = 1) -> ScenarioConfiguration {
    var scenario = ScenarioConfiguration()
    scenario.seed = seed
    scenario.hosts = 3
    scenario.days = 0.5
    scenario.periodsSeconds = [10, 60]
    scenario.jitterPercents = [0, 50]
    scenario.beaconsPerCell = 2
    scenario.workHoursBeaconsPerCell = 1
    return scenario
}

private func signature(_ generated: GeneratedEvent) -> String {
    guard let connection = generated.event.connection else {
        return "\(generated.event.time.nanosecondsSinceEpoch) \(generated.event.host) dns \(generated.sourceIndex)"
    }
    return "\(generated.event.time.nanosecondsSinceEpoch) \(generated.event.host) \(connection.process.image) "
        + "\(connection.destinationAddress) \(connection.destinationPort) \(generated.callbackNumber)"
}

@Test func streamGenerator_repeatsEveryEvent_forTheSameSeed() {
    let first = StreamGenerator(configuration: smallScenario()).map(signature)
    let second = StreamGenerator(configuration: smallScenario()).map(signature)
    let other = StreamGenerator(configuration: smallScenario(seed: 2)).map(signature)

    #expect(first.count > 5000)
    #expect(first == second)
    #expect(first != other)
}

@Test func streamGenerator_emitsEventsInEventTimeOrder_acrossHosts() {
    var previous = Int64.min
    var hosts: Set<String> = []
    for generated in StreamGenerator(configuration: smallScenario()) {
        #expect(generated.event.time.nanosecondsSinceEpoch >= previous)
        previous = generated.event.time.nanosecondsSinceEpoch
        hosts.insert(generated.event.host)
        if let connection = generated.event.connection {
            #expect(generated.event.eventID == 5156)
            #expect(connection.direction == .outbound)
        } else {
            #expect(generated.event.eventID == 22)
        }
    }
    #expect(hosts.count == 3)
}

@Test func streamGenerator_deliversAllCallbacksOfEveryBeacon_underItsTruthKey() {
    var generator = StreamGenerator(configuration: smallScenario())
    let truth = generator.groundTruth
    var callbacksByKey: [ConnectionKey: Int] = [:]
    while let generated = generator.next() {
        guard let connection = generated.event.connection else { continue }
        let key = ConnectionKey(
            host: generated.event.host, image: connection.process.image, destination: connection.destinationAddress,
            port: connection.destinationPort)
        if truth.kind(of: key).isBeacon {
            callbacksByKey[key] = max(callbacksByKey[key] ?? 0, generated.callbackNumber)
        }
    }

    // 2 periods × 2 jitters × (2 always-on + 1 office-hours) series.
    #expect(truth.beaconSeries.count == 12)
    #expect(callbacksByKey.count == 12)
    #expect(callbacksByKey.values.allSatisfy { $0 == 25 })
}

@Test func streamGenerator_labelsPollersAndBackground_apartFromBeacons() {
    var generator = StreamGenerator(configuration: smallScenario())
    let truth = generator.groundTruth
    var kinds: [String: Int] = [:]
    while let generated = generator.next() {
        guard let connection = generated.event.connection else { continue }
        let key = ConnectionKey(
            host: generated.event.host, image: connection.process.image, destination: connection.destinationAddress,
            port: connection.destinationPort)
        switch truth.kind(of: key) {
        case .beacon: kinds["beacon", default: 0] += 1
        case .benignPeriodic(let name): kinds[name, default: 0] += 1
        case .background: kinds["background", default: 0] += 1
        }
    }

    // Host WS00001 is the only Azure VM of three; its guest agent polls every 30 s for 12 h.
    #expect((1400...1900).contains(kinds["azure_guest_agent"] ?? 0))
    #expect((kinds["background"] ?? 0) > (kinds["beacon"] ?? 0))
    #expect(kinds["edge_update"] != nil && kinds["telemetry"] != nil)
}

@Test func destinationPool_drawsPopularDestinationsMostOften() {
    let pool = DestinationPool(firstAddress: 0x1700_0000, count: 1000)
    var random = SplitMix64(seed: 9)
    var counts = [Int](repeating: 0, count: 1000)
    for _ in 0..<50_000 {
        counts[pool.draw(using: &random)] += 1
    }

    #expect(counts[0] > counts[9] && counts[9] > counts[99])
    // Zipf with exponent 1 over 1,000 ranks: the top rank takes about 13 %.
    #expect(abs(Double(counts[0]) / 50_000 - 0.134) < 0.01)
    #expect(pool.address(at: 1) == IPAddress(ipv4: 0x1700_0001))
}

@Test func streamGenerator_resolvesPollerNamesHourly_beforeTheirConnection() {
    var queries: [String: [Timestamp]] = [:]
    var previous: GeneratedEvent?
    for generated in StreamGenerator(configuration: smallScenario()) {
        if let previous, case .dnsQuery(let query) = previous.event.detail {
            // The connection the query resolved for comes next, from the same source.
            #expect(generated.sourceIndex == previous.sourceIndex)
            #expect(generated.event.connection?.destinationAddress == query.answers.first)
            queries[query.queryName + " " + previous.event.host, default: []].append(previous.event.time)
        }
        previous = generated
    }

    // Three hosts, two named pollers each, over 12 h. The telemetry poller (15 min ± 20 %)
    // looks its name up at the first callback an hour or more after the last lookup.
    #expect(queries.count == 6)
    let telemetry = queries["v10.events.data.microsoft.com WS00001"] ?? []
    #expect((10...12).contains(telemetry.count))
    let gaps = zip(telemetry.dropFirst(), telemetry).map { $0 - $1 }
    #expect(gaps.allSatisfy { $0 >= .seconds(3600) && $0 <= .seconds(3600 + 1080) })
}

@Test func destinationNames_nameAPollersConnection_onlyOnTheHostThatResolvedIt() {
    var names = DestinationNames()
    var named: [String: Int] = [:]
    var unnamedTelemetry = 0
    for generated in StreamGenerator(configuration: smallScenario()) {
        names.learn(generated.event)
        guard let connection = generated.event.connection else { continue }
        if let name = names.name(for: generated.event) {
            named[name, default: 0] += 1
        } else if connection.destinationAddress == IPAddress("20.42.65.92") {
            unnamedTelemetry += 1
        }
    }

    #expect(Set(named.keys) == ["v10.events.data.microsoft.com", "msedge.api.cdp.microsoft.com"])
    // Every telemetry connection follows its host's first lookup.
    #expect(unnamedTelemetry == 0)
    #expect(names.count == 6)
}
