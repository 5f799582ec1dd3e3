import EventDecoding
import WFPCore

/// A seeded, deterministic stream of Filtering Platform 5156 (allowed, outbound) events from a
/// simulated fleet, in event-time order across hosts, with the ground truth of every beacon
/// and benign poller. Pollers that reach a name log a Sysmon 22 DNS query before connecting,
/// once an hour. Events are produced lazily: memory holds one pending event per source.
public struct StreamGenerator: IteratorProtocol, Sequence, Sendable {
    public let configuration: ScenarioConfiguration
    public let hosts: [HostProfile]
    public private(set) var groundTruth = GroundTruth()
    public private(set) var emittedEvents = 0

    private var sources: [EventSource] = []
    private var heap = EventHeap()
    private var nextSourcePort: UInt16 = 49_152

    public init(configuration: ScenarioConfiguration) {
        self.configuration = configuration
        self.hosts = HostProfile.fleet(count: Swift.max(configuration.hosts, 1))
        groundTruth.hostNames = hosts.map(\.name)
        groundTruth.hostDays = configuration.includeBackground ? Double(hosts.count) * configuration.days : 0

        addBeacons()
        if configuration.includeBenignPeriodic { addPollers() }
        if configuration.includeBackground { addBackground() }
        for index in sources.indices {
            if let time = sources[index].advance() { heap.push(time: time.nanosecondsSinceEpoch, source: index) }
        }
    }

    /// Number of sources (series and background processes) in the stream.
    public var sourceCount: Int { sources.count }

    public mutating func next() -> GeneratedEvent? {
        guard let (time, index) = heap.popMinimum() else { return nil }
        let timestamp = Timestamp(nanosecondsSinceEpoch: time)
        if sources[index].needsDNSQuery(at: timestamp) {
            // The connection follows at the same instant: the source goes back on the heap.
            sources[index].lastDNSQuery = timestamp
            heap.push(time: time, source: index)
            emittedEvents += 1
            return GeneratedEvent(
                event: makeDNSQuery(source: sources[index], at: timestamp), sourceIndex: index,
                callbackNumber: sources[index].callbackNumber)
        }

        let destination = sources[index].destination(pools: TrafficCatalogue.pools)
        let callbackNumber = sources[index].callbackNumber
        let event = makeEvent(source: sources[index], at: timestamp, to: destination)
        if let following = sources[index].advance() {
            heap.push(time: following.nanosecondsSinceEpoch, source: index)
        }

        emittedEvents += 1
        return GeneratedEvent(event: event, sourceIndex: index, callbackNumber: callbackNumber)
    }

    private mutating func makeEvent(
        source: EventSource, at time: Timestamp, to destination: (address: IPAddress, port: UInt16)
    ) -> NormalizedEvent {
        let host = hosts[source.hostIndex]
        nextSourcePort = nextSourcePort == .max ? 49_152 : nextSourcePort + 1
        let connection = Connection(
            process: source.process, outcome: .allowed, direction: .outbound, protocolNumber: 6,
            sourceAddress: host.address, sourcePort: nextSourcePort, destinationAddress: destination.address,
            destinationPort: destination.port)
        return NormalizedEvent(
            eventID: 5156, format: .nxlogJSON, host: host.name, time: time, timeSource: .event,
            receivedAt: time + .milliseconds(200), detail: .connection(connection))
    }

    private func makeDNSQuery(source: EventSource, at time: Timestamp) -> NormalizedEvent {
        var answers: [IPAddress] = []
        if case .fixed(let address, _) = source.target { answers.append(address) }
        let query = DNSQuery(process: source.process, queryName: source.dnsName ?? "", answers: answers, aliases: [])
        return NormalizedEvent(
            eventID: 22, format: .nxlogJSON, host: hosts[source.hostIndex].name, time: time, timeSource: .event,
            receivedAt: time + .milliseconds(200), detail: .dnsQuery(query))
    }

    // MARK: Building the sources

    private mutating func addSource(
        host: Int, image: String, directory: String, target: EventSource.Target, schedule: EventSource.Schedule
    ) {
        let pid = UInt32(1000 + 4 * (sources.count % 16_000))
        let process = ProcessRef(pid: pid, image: image, path: directory + image)
        let random = SplitMix64(seed: configuration.seed, stream: UInt64(sources.count))
        sources.append(
            EventSource(hostIndex: host, process: process, target: target, schedule: schedule, random: random))
    }

    private mutating func addBeacons() {
        var setup = SplitMix64(seed: configuration.seed, stream: 0xBEAC_0000)
        var seriesIndex = 0
        for cell in configuration.cells {
            for slot in 0..<configuration.seriesCount(of: cell) {
                addBeacon(cell: cell, slot: slot, seriesIndex: seriesIndex, setup: &setup)
                seriesIndex += 1
            }
        }
    }

    private mutating func addBeacon(cell: BeaconCell, slot: Int, seriesIndex: Int, setup: inout SplitMix64) {
        let hostIndex = seriesIndex % hosts.count
        let (image, directory) = TrafficCatalogue.implants[seriesIndex % TrafficCatalogue.implants.count]
        let destination = TrafficCatalogue.beaconDestination(seriesIndex)
        let port = TrafficCatalogue.implantPorts[seriesIndex % TrafficCatalogue.implantPorts.count]
        let missedShare = configuration.missedShares[slot % configuration.missedShares.count]

        let start = configuration.start + .seconds(setup.uniform(0, 12 * 3600))
        let schedule = PeriodicSchedule(
            period: .seconds(cell.periodSeconds), jitter: Double(cell.jitterPercent) / 100, missedShare: missedShare,
            workHours: cell.workHoursOnly ? hosts[hostIndex].workHours : nil,
            callbackLimit: configuration.callbacksPerBeacon, start: start, end: Timestamp(nanosecondsSinceEpoch: .max),
            duplicateShare: configuration.duplicateShare)

        let key = ConnectionKey(host: hosts[hostIndex].name, image: image, destination: destination, port: port)
        groundTruth.add(SeriesTruth(key: key, kind: .beacon(cell), missedShare: missedShare))
        addSource(
            host: hostIndex, image: image, directory: directory, target: .fixed(destination, port: port),
            schedule: .periodic(schedule))
    }

    private mutating func addPollers() {
        var setup = SplitMix64(seed: configuration.seed, stream: 0x9011_0000)
        for (hostIndex, host) in hosts.enumerated() {
            for poller in TrafficCatalogue.pollers where host.isAzureVM || !poller.azureOnly {
                let start = configuration.start + .seconds(setup.uniform(0, Double(poller.periodSeconds)))
                let schedule = PeriodicSchedule(
                    period: .seconds(poller.periodSeconds), jitter: poller.jitter, missedShare: 0.02, workHours: nil,
                    callbackLimit: .max, start: start, end: configuration.end,
                    duplicateShare: configuration.duplicateShare)

                let key = ConnectionKey(
                    host: host.name, image: poller.image, destination: poller.destination, port: poller.port)
                groundTruth.add(SeriesTruth(key: key, kind: .benignPeriodic(poller.name), missedShare: 0.02))
                addSource(
                    host: hostIndex, image: poller.image, directory: poller.directory,
                    target: .fixed(poller.destination, port: poller.port), schedule: .periodic(schedule))
                sources[sources.count - 1].dnsName = poller.dnsName
            }
        }
    }

    private mutating func addBackground() {
        for (hostIndex, host) in hosts.enumerated() {
            for app in TrafficCatalogue.backgroundApps {
                let meanGap = PoissonSchedule.meanGapSeconds(
                    perWeekday: app.perWeekday * configuration.backgroundScale, offHoursFactor: app.offHoursFactor,
                    workHours: host.workHours)
                let schedule = PoissonSchedule(
                    meanGapSeconds: meanGap, offHoursFactor: app.offHoursFactor, workHours: host.workHours,
                    burstMean: app.burstMean, start: configuration.start, end: configuration.end)

                let target: EventSource.Target
                if let pool = app.pool {
                    target = .pool(pool, ports: app.ports)
                } else {
                    let destination = app.fixedDestination ?? TrafficCatalogue.ipv4(3, 0, 0, 1)
                    target = .fixed(destination, port: app.ports[0])
                    let key = ConnectionKey(
                        host: host.name, image: app.image, destination: destination, port: app.ports[0])
                    groundTruth.add(SeriesTruth(key: key, kind: .background, missedShare: 0))
                }
                addSource(
                    host: hostIndex, image: app.image, directory: app.directory, target: target,
                    schedule: .poisson(schedule))
            }
        }
    }
}
