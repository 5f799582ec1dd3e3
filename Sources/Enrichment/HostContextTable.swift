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
    var hosts: HostMemories
    /// Pending joins of hosts not in memory (forgotten, or never kept), by host key; they
    /// return to a host's memory when it is seen again.
    private var orphanedJoins: [String: PendingJoins] = [:]
    /// Pending join keys of every host, for `maximumPendingJoins`.
    private var pendingJoinCount = 0

    package init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        hosts = HostMemories(maximumHosts: configuration.maximumHosts)
    }

    // MARK: Stream

    /// Records a process start, end or DNS answer in its host's memory; for a connection,
    /// returns its context and counts the join. Other events return nil.
    @discardableResult
    package mutating func observe(_ event: NormalizedEvent) -> ConnectionContext? {
        // The host is looked up once per event; every step below works on its slot.
        let key = Self.hostKey(event.host)
        var slot = hosts.slot(of: key)
        if configuration.recentEvents.maximumEvents > 0 {
            let kept = slot ?? addHost(key)
            hosts.memories[kept].recent.record(RecentEvent.compact(event))
            slot = kept
        }

        switch event.detail {
        case .connection(let connection):
            return observeConnection(connection, event: event, key: key, slot: slot)
        case .processStart(let start):
            guard let record = ProcessRecord(start, eventID: event.eventID, at: event.time) else { return nil }
            recordStart(record, slot: slot ?? addHost(key))
        case .processEnd(let end):
            guard let pid = end.process.pid else { return nil }
            recordEnd(pid: pid, process: end.process, slot: slot ?? addHost(key), at: event.time)
        case .dnsQuery(let query):
            guard !query.answers.isEmpty else { return nil }
            statistics.dnsQueries += 1
            updateHost(slot: slot ?? addHost(key)) { $0.dns.record(query, at: event.time) }
        }
        return nil
    }

    private mutating func observeConnection(
        _ connection: Connection, event: NormalizedEvent, key: String, slot: Int?
    ) -> ConnectionContext {
        let context = slot.map { self.context(for: connection, slot: $0, at: event.time) } ?? ConnectionContext()
        statistics.connectionsSeen += 1
        if context.remoteName != nil { statistics.connectionsNamed += 1 }

        if context.hasProcessCreation {
            statistics.connectionsJoined += 1
        } else if let pid = connection.process.pid {
            let join = PendingJoins.Key(pid: pid, image: connection.process.image)
            if !addPendingJoin(join, key: key, slot: slot) { statistics.connectionsNotTracked += 1 }
        }
        return context
    }

    /// Counts an unjoined connection; false when it was not tracked, the memory being full.
    private mutating func addPendingJoin(_ join: PendingJoins.Key, key: String, slot: Int?) -> Bool {
        let allowingNewKey = pendingJoinCount < configuration.maximumPendingJoins
        let addition: PendingJoins.Addition
        if let slot {
            addition = hosts.memories[slot].pendingJoins.add(join, allowingNewKey: allowingNewKey)
        } else {
            // Only when recent events are off: a connection alone does not give a host memory.
            var joins = orphanedJoins.removeValue(forKey: key) ?? PendingJoins()
            addition = joins.add(join, allowingNewKey: allowingNewKey)
            if joins.keyCount > 0 { orphanedJoins[key] = joins }
        }
        if addition == .added { pendingJoinCount += 1 }
        return addition != .refused
    }

    private mutating func recordStart(_ record: ProcessRecord, slot: Int) {
        statistics.processStarts += 1
        let outcome = updateHost(slot: slot) { $0.processes.recordStart(record) }
        if outcome == .merged { statistics.processStartsMerged += 1 }

        let join = PendingJoins.Key(pid: record.pid, image: record.image)
        let settled = hosts.memories[slot].pendingJoins.remove(join)
        statistics.connectionsJoinedLater += settled.connections
        pendingJoinCount -= settled.keys
    }

    private mutating func recordEnd(pid: UInt32, process: ProcessRef, slot: Int, at time: Timestamp) {
        statistics.processEnds += 1
        let matched = updateHost(slot: slot) {
            $0.processes.recordEnd(pid: pid, image: process.image, path: process.path, at: time)
        }
        if !matched { statistics.processEndsUnmatched += 1 }
    }

    // MARK: Lookup

    /// The context of a connection event from what is in memory now; nil for other events.
    /// Counts nothing: `observe(_:)` is the call that keeps the statistics.
    package func context(for event: NormalizedEvent) -> ConnectionContext? {
        guard let connection = event.connection else { return nil }
        guard let slot = hosts.slot(of: Self.hostKey(event.host)) else { return ConnectionContext() }
        return context(for: connection, slot: slot, at: event.time)
    }

    private func context(for connection: Connection, slot: Int, at time: Timestamp) -> ConnectionContext {
        let process = connection.process
        let record = process.pid.flatMap {
            hosts.memories[slot].processes.process(pid: $0, image: process.image, path: process.path, at: time)
        }
        let remote = connection.direction == .inbound ? connection.sourceAddress : connection.destinationAddress
        let answer = hosts.memories[slot].dns.answer(for: remote, pid: process.pid, at: time)
        return ConnectionContext(
            process: record, remoteName: answer?.queryName, remoteCanonicalName: answer?.canonicalName)
    }

    /// The process that held `pid` on `host` at `time`, when its creation is in memory.
    package func process(pid: UInt32, image: String = "", host: String, at time: Timestamp) -> ProcessRecord? {
        guard let slot = hosts.slot(of: Self.hostKey(host)) else { return nil }
        return hosts.memories[slot].processes.process(pid: pid, image: image, at: time)
    }

    /// The known parents of `record` on `host`, nearest first (see `ProcessTable.ancestry(of:)`).
    package func ancestry(of record: ProcessRecord, host: String) -> [ProcessRecord] {
        guard let slot = hosts.slot(of: Self.hostKey(host)) else { return [] }
        return hosts.memories[slot].processes.ancestry(of: record)
    }

    /// The name `address` resolved from on `host` at `time`, preferring process `pid`'s query.
    package func name(for address: IPAddress, host: String, pid: UInt32?, at time: Timestamp) -> String? {
        guard let slot = hosts.slot(of: Self.hostKey(host)) else { return nil }
        return hosts.memories[slot].dns.name(for: address, pid: pid, at: time)
    }

    // MARK: Timeline

    /// The timeline of an alert raised by `event` (see `Timeline`), from what is in memory now.
    /// `creation` is the event's process record when the caller has it (a connection's
    /// context); otherwise the process is looked up.
    package func timeline(for event: NormalizedEvent, creation: ProcessRecord? = nil) -> Timeline {
        guard let slot = hosts.slot(of: Self.hostKey(event.host)) else { return Timeline() }
        let processes = hosts.memories[slot].processes
        let record = creation ?? creationRecord(of: event, in: processes)
        let ancestry = record.map { processes.ancestry(of: $0) } ?? []
        return Timeline(
            about: event, creation: record, ancestry: ancestry, recent: hosts.memories[slot].recent,
            limits: configuration.timeline)
    }

    /// The recent events remembered for `host`, in arrival order.
    package func recentEvents(host: String) -> [RecentEvent] {
        guard let slot = hosts.slot(of: Self.hostKey(host)) else { return [] }
        return hosts.memories[slot].recent.events
    }

    private func creationRecord(of event: NormalizedEvent, in processes: ProcessTable) -> ProcessRecord? {
        let process: ProcessRef
        switch event.detail {
        case .connection(let connection): process = connection.process
        case .processStart(let start): process = start.process
        case .processEnd(let end): process = end.process
        case .dnsQuery(let query): process = query.process
        }
        guard let pid = process.pid else { return nil }
        return processes.process(pid: pid, image: process.image, path: process.path, at: event.time)
    }

    // MARK: Hosts

    /// Host names compare without case: the Security and Sysmon channels may spell them apart.
    static func hostKey(_ host: String) -> String {
        let isCapital = { (byte: UInt8) in byte >= 0x41 && byte <= 0x5A }
        let hasCapital = host.utf8.withContiguousStorageIfAvailable { $0.contains(where: isCapital) }
            ?? host.utf8.contains(where: isCapital)
        return hasCapital ? host.lowercased() : host
    }

    /// The slot of the host `key`, given a memory when it has none (forgetting the oldest host
    /// beyond the limit).
    mutating func slot(forHost key: String) -> Int {
        hosts.slot(of: key) ?? addHost(key)
    }

    /// Runs `change` on the memory in `slot` in place and counts what the change evicted.
    mutating func updateHost<Result>(slot: Int, _ change: (inout HostMemory) -> Result) -> Result {
        let processesEvicted = hosts.memories[slot].processes.evictedCount
        let answersEvicted = hosts.memories[slot].dns.evictedCount

        let result = change(&hosts.memories[slot])
        statistics.processesEvicted += hosts.memories[slot].processes.evictedCount - processesEvicted
        statistics.dnsAnswersEvicted += hosts.memories[slot].dns.evictedCount - answersEvicted
        return result
    }

    /// Gives a host not in memory an empty memory, with the joins it left pending when it was
    /// forgotten; the oldest host beyond the limit leaves its pending joins behind the same way.
    private mutating func addHost(_ key: String) -> Int {
        var memory = HostMemory(
            processes: ProcessTable(limits: configuration.processes), dns: DNSCache(limits: configuration.dns),
            recent: RecentEvents(limits: configuration.recentEvents))
        if !orphanedJoins.isEmpty, let joins = orphanedJoins.removeValue(forKey: key) { memory.pendingJoins = joins }

        let (slot, evicted) = hosts.add(key, memory)
        if let evicted {
            statistics.hostsEvicted += 1
            if evicted.memory.pendingJoins.keyCount > 0 { orphanedJoins[evicted.key] = evicted.memory.pendingJoins }
        }
        return slot
    }
}
