import EventDecoding
import WFPCore

/// One process on one host producing connections on a schedule, to a fixed destination or to
/// destinations drawn from a shared pool. Each source has its own random stream, so adding a
/// source never changes the events of another.
struct EventSource: Sendable {
    enum Schedule: Sendable {
        case periodic(PeriodicSchedule)
        case poisson(PoissonSchedule)
    }

    enum Target: Sendable {
        case fixed(IPAddress, port: UInt16)
        /// A pool index into the generator's pools, and ports drawn uniformly from the list.
        case pool(Int, ports: [UInt16])
    }

    let hostIndex: Int
    let process: ProcessRef
    let target: Target
    var schedule: Schedule
    var random: SplitMix64
    /// Callbacks (new arrivals) emitted so far; duplicates and burst followers share the
    /// number of the callback they follow.
    private(set) var callbackNumber = 0
    /// Whether the pending event opens a callback (rather than repeating one).
    private(set) var pendingIsCallback = false
    /// The name resolved before a callback, once per `dnsLifetime`.
    var dnsName: String?
    var lastDNSQuery: Timestamp?
    static let dnsLifetime: Duration = .seconds(3600)

    init(hostIndex: Int, process: ProcessRef, target: Target, schedule: Schedule, random: SplitMix64) {
        self.hostIndex = hostIndex
        self.process = process
        self.target = target
        self.schedule = schedule
        self.random = random
    }

    /// The next event time; nil when the source is exhausted.
    mutating func advance() -> Timestamp? {
        let step: (time: Timestamp, isCallback: Bool)?
        switch schedule {
        case .periodic(var periodic):
            step = periodic.next(using: &random)
            schedule = .periodic(periodic)
        case .poisson(var poisson):
            step = poisson.next(using: &random)
            schedule = .poisson(poisson)
        }
        guard let step else { return nil }

        if step.isCallback { callbackNumber += 1 }
        pendingIsCallback = step.isCallback
        return step.time
    }

    /// Whether a DNS query should come before the pending callback, its cached answer being
    /// missing or expired.
    func needsDNSQuery(at time: Timestamp) -> Bool {
        guard dnsName != nil, pendingIsCallback else { return false }
        guard let lastDNSQuery else { return true }
        return time - lastDNSQuery >= Self.dnsLifetime
    }

    /// The destination of the event about to be emitted.
    mutating func destination(pools: [DestinationPool]) -> (address: IPAddress, port: UInt16) {
        switch target {
        case .fixed(let address, let port):
            return (address, port)
        case .pool(let index, let ports):
            let pool = pools[index]
            let address = pool.address(at: pool.draw(using: &random))
            return (address, ports[random.below(ports.count)])
        }
    }
}

/// A generated event with the source that produced it.
public struct GeneratedEvent: Sendable {
    public var event: NormalizedEvent
    /// Index of the producing source; fixed-destination sources appear in `GroundTruth.series`
    /// under their key.
    public var sourceIndex: Int
    /// The callback (arrival) this event belongs to, counted from 1 within its source.
    public var callbackNumber: Int
}
