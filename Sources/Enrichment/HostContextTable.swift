import EventDecoding
import WFPCore

/// The process tables and DNS caches of the hosts one detection worker sees (hosts are sharded
/// over workers, so a table is never shared). Feed it every event in stream order through
/// `observe(_:)`; connections come back with their context.
package struct HostContextTable: Sendable {
    package struct Configuration: Equatable, Sendable {
        package var processes: ProcessTable.Limits
        package var dns: DNSCache.Limits
        /// Hosts remembered at once; the first seen is forgotten first.
        package var maximumHosts: Int
        /// Unjoined (host, PID, image) triples remembered to count joinable connections.
        package var maximumPendingJoins: Int
        /// The ring of recent events per host that alert timelines are cut from.
        package var recentEvents: RecentEvents.Limits
        package var timeline: Timeline.Limits

        package init(
            processes: ProcessTable.Limits = ProcessTable.Limits(), dns: DNSCache.Limits = DNSCache.Limits(),
            maximumHosts: Int = 4096, maximumPendingJoins: Int = 65_536,
            recentEvents: RecentEvents.Limits = RecentEvents.Limits(), timeline: Timeline.Limits = Timeline.Limits()
        ) {
            self.processes = processes
            self.dns = dns
            self.maximumHosts = maximumHosts
            self.maximumPendingJoins = maximumPendingJoins
            self.recentEvents = recentEvents
            self.timeline = timeline
        }
    }

    package let configuration: Configuration
    package private(set) var statistics = EnrichmentStatistics()
    var hosts: [String: HostMemory] = [:]
    private var hostOrder: [String] = []
    private var hostOrderHead = 0
    private var pendingJoins = PendingJoins()

    struct HostMemory: Sendable {
        var processes: ProcessTable
        var dns: DNSCache
        var recent: RecentEvents
    }

    package init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    // MARK: Stream

    /// Records a process start, end or DNS answer in its host's memory; for a connection,
    /// returns its context and counts the join. Other events return nil.
    @discardableResult
    package mutating func observe(_ event: NormalizedEvent) -> ConnectionContext? {
        // The folded host name is made once per event and serves every lookup below.
        let key = Self.hostKey(event.host)
        remember(event, key: key)
        switch event.detail {
        case .connection(let connection):
            return observeConnection(connection, event: event, key: key)
        case .processStart(let start):
            guard let record = ProcessRecord(start, eventID: event.eventID, at: event.time) else { return nil }
            recordStart(record, key: key)
        case .processEnd(let end):
            guard let pid = end.process.pid else { return nil }
            recordEnd(pid: pid, process: end.process, key: key, at: event.time)
        case .dnsQuery(let query):
            guard !query.answers.isEmpty else { return nil }
            statistics.dnsQueries += 1
            updateHost(key: key) { $0.dns.record(query, at: event.time) }
        }
        return nil
    }

    private mutating func observeConnection(
        _ connection: Connection, event: NormalizedEvent, key: String
    ) -> ConnectionContext {
        let context = context(for: connection, key: key, at: event.time)
        statistics.connectionsSeen += 1
        if context.remoteName != nil { statistics.connectionsNamed += 1 }

        if context.process != nil {
            statistics.connectionsJoined += 1
        } else if let pid = connection.process.pid {
            let join = PendingJoins.Key(host: key, pid: pid, image: connection.process.image)
            if !pendingJoins.add(join, limit: configuration.maximumPendingJoins) {
                statistics.connectionsNotTracked += 1
            }
        }
        return context
    }

    private mutating func recordStart(_ record: ProcessRecord, key: String) {
        statistics.processStarts += 1
        let outcome = updateHost(key: key) { $0.processes.recordStart(record) }
        if outcome == .merged { statistics.processStartsMerged += 1 }

        let join = PendingJoins.Key(host: key, pid: record.pid, image: record.image)
        statistics.connectionsJoinedLater += pendingJoins.remove(join)
    }

    private mutating func recordEnd(pid: UInt32, process: ProcessRef, key: String, at time: Timestamp) {
        statistics.processEnds += 1
        let matched = updateHost(key: key) {
            $0.processes.recordEnd(pid: pid, image: process.image, path: process.path, at: time)
        }
        if !matched { statistics.processEndsUnmatched += 1 }
    }

    /// Keeps `event` in its host's ring of recent events, in place when the host is known.
    private mutating func remember(_ event: NormalizedEvent, key: String) {
        guard configuration.recentEvents.maximumEvents > 0 else { return }
        let recent = RecentEvent(event)
        if let index = hosts.index(forKey: key) {
            hosts.values[index].recent.record(recent)
        } else {
            updateHost(key: key) { $0.recent.record(recent) }
        }
    }

    // MARK: Lookup

    /// The context of a connection event from what is in memory now; nil for other events.
    /// Counts nothing: `observe(_:)` is the call that keeps the statistics.
    package func context(for event: NormalizedEvent) -> ConnectionContext? {
        guard let connection = event.connection else { return nil }
        return context(for: connection, key: Self.hostKey(event.host), at: event.time)
    }

    private func context(for connection: Connection, key: String, at time: Timestamp) -> ConnectionContext {
        guard let memory = hosts[key] else { return ConnectionContext() }
        let process = connection.process
        let record = process.pid.flatMap {
            memory.processes.process(pid: $0, image: process.image, path: process.path, at: time)
        }
        let remote = connection.direction == .inbound ? connection.sourceAddress : connection.destinationAddress
        let answer = memory.dns.answer(for: remote, pid: process.pid, at: time)
        return ConnectionContext(
            process: record, remoteName: answer?.queryName, remoteCanonicalName: answer?.canonicalName)
    }

    /// The process that held `pid` on `host` at `time`, when its creation is in memory.
    package func process(pid: UInt32, image: String = "", host: String, at time: Timestamp) -> ProcessRecord? {
        hosts[Self.hostKey(host)]?.processes.process(pid: pid, image: image, at: time)
    }

    /// The known parents of `record` on `host`, nearest first (see `ProcessTable.ancestry(of:)`).
    package func ancestry(of record: ProcessRecord, host: String) -> [ProcessRecord] {
        hosts[Self.hostKey(host)]?.processes.ancestry(of: record) ?? []
    }

    /// The name `address` resolved from on `host` at `time`, preferring process `pid`'s query.
    package func name(for address: IPAddress, host: String, pid: UInt32?, at time: Timestamp) -> String? {
        hosts[Self.hostKey(host)]?.dns.name(for: address, pid: pid, at: time)
    }

    // MARK: Timeline

    /// The timeline of an alert raised by `event` (see `Timeline`), from what is in memory now.
    /// `creation` is the event's process record when the caller has it (a connection's
    /// context); otherwise the process is looked up.
    package func timeline(for event: NormalizedEvent, creation: ProcessRecord? = nil) -> Timeline {
        guard let memory = hosts[Self.hostKey(event.host)] else { return Timeline() }
        let record = creation ?? creationRecord(of: event, in: memory)
        let ancestry = record.map { memory.processes.ancestry(of: $0) } ?? []
        return Timeline(
            about: event, creation: record, ancestry: ancestry, recent: memory.recent, limits: configuration.timeline)
    }

    /// The recent events remembered for `host`, in arrival order.
    package func recentEvents(host: String) -> [RecentEvent] {
        hosts[Self.hostKey(host)]?.recent.events ?? []
    }

    private func creationRecord(of event: NormalizedEvent, in memory: HostMemory) -> ProcessRecord? {
        let process: ProcessRef
        switch event.detail {
        case .connection(let connection): process = connection.process
        case .processStart(let start): process = start.process
        case .processEnd(let end): process = end.process
        case .dnsQuery(let query): process = query.process
        }
        guard let pid = process.pid else { return nil }
        return memory.processes.process(pid: pid, image: process.image, path: process.path, at: event.time)
    }

    // MARK: Hosts

    /// Host names compare without case: the Security and Sysmon channels may spell them apart.
    static func hostKey(_ host: String) -> String {
        var copy = host
        let hasCapital = copy.withUTF8 { bytes in bytes.contains { $0 >= 0x41 && $0 <= 0x5A } }
        return hasCapital ? host.lowercased() : host
    }

    /// Runs `change` on the host's memory, creating it (and forgetting the oldest host beyond
    /// the limit) when new, and counts what the change evicted.
    mutating func updateHost<Result>(key: String, _ change: (inout HostMemory) -> Result) -> Result {
        var memory = hosts.removeValue(forKey: key) ?? newHost(key)
        let processesEvicted = memory.processes.evictedCount
        let answersEvicted = memory.dns.evictedCount

        let result = change(&memory)
        statistics.processesEvicted += memory.processes.evictedCount - processesEvicted
        statistics.dnsAnswersEvicted += memory.dns.evictedCount - answersEvicted
        hosts[key] = memory
        return result
    }

    private mutating func newHost(_ key: String) -> HostMemory {
        hostOrder.append(key)
        while hosts.count >= configuration.maximumHosts, hostOrderHead < hostOrder.count {
            let oldest = hostOrder[hostOrderHead]
            hostOrderHead += 1
            if hosts.removeValue(forKey: oldest) != nil { statistics.hostsEvicted += 1 }
        }
        if hostOrderHead > 64 && hostOrderHead * 2 > hostOrder.count {
            hostOrder.removeFirst(hostOrderHead)
            hostOrderHead = 0
        }
        return HostMemory(
            processes: ProcessTable(limits: configuration.processes), dns: DNSCache(limits: configuration.dns),
            recent: RecentEvents(limits: configuration.recentEvents))
    }
}
