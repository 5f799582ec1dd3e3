import EventDecoding
import WFPCore

/// The DNS answers of one host (Sysmon 22), by address, for their lifetime in event time.
///
/// Sysmon does not report TTLs, so an answer lives `defaultLifetime`, clamped between
/// `minimumLifetime` and `maximumLifetime` (a caller that knows a TTL passes it). IPv4 answers
/// written as `::ffff:a.b.c.d` are the same `IPAddress` as `a.b.c.d`, so they match either
/// spelling of the destination. At most `maximumEntries` answers are kept; the oldest go first.
package struct DNSCache: Sendable {
    package struct Limits: Equatable, Sendable {
        package var defaultLifetime: Duration
        package var minimumLifetime: Duration
        package var maximumLifetime: Duration
        package var maximumEntries: Int
        /// A query logged this long after the connection still names it: Sysmon and Security
        /// stamp their events apart.
        package var clockSlack: Duration

        package init(
            defaultLifetime: Duration = .seconds(3600), minimumLifetime: Duration = .seconds(60),
            maximumLifetime: Duration = .seconds(86_400), maximumEntries: Int = 8192,
            clockSlack: Duration = .seconds(2)
        ) {
            self.defaultLifetime = defaultLifetime
            self.minimumLifetime = minimumLifetime
            self.maximumLifetime = maximumLifetime
            self.maximumEntries = maximumEntries
            self.clockSlack = clockSlack
        }
    }

    /// A name that resolved to an address.
    package struct Answer: Equatable, Sendable {
        /// The name the process asked for.
        package var queryName: String
        /// The end of the CNAME chain, when the answer went through one.
        package var canonicalName: String?
        package var pid: UInt32?
        package var image: String
        package var answeredAt: Timestamp
        package var expiresAt: Timestamp
    }

    package let limits: Limits
    var answersByAddress: [IPAddress: [Slot]] = [:]
    /// Insertion order for eviction.
    private var order = InsertionOrder<IPAddress>()

    package private(set) var count = 0
    package private(set) var evictedCount = 0

    struct Slot: Sendable {
        var serial: UInt64
        var answer: Answer
    }

    package init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The lifetime an answer gets: `ttl` when known, else the default, within the bounds.
    package func lifetime(ttl: Duration? = nil) -> Duration {
        min(max(ttl ?? limits.defaultLifetime, limits.minimumLifetime), limits.maximumLifetime)
    }

    // MARK: Recording

    /// Remembers every address of `query` as answered at `time`; the same process asking the
    /// same name again renews its answer.
    package mutating func record(_ query: DNSQuery, at time: Timestamp, ttl: Duration? = nil) {
        let expiresAt = time + lifetime(ttl: ttl)
        let answer = Answer(
            queryName: query.queryName, canonicalName: query.aliases.last, pid: query.process.pid,
            image: query.process.image, answeredAt: time, expiresAt: expiresAt)
        for address in query.answers {
            insert(answer, for: address)
        }
        evictOverLimit()
    }

    mutating func insert(_ answer: Answer, for address: IPAddress) {
        let serial = order.append(address)

        var slots = answersByAddress[address] ?? []
        let before = slots.count
        slots.removeAll { $0.answer.expiresAt < answer.answeredAt }
        count -= before - slots.count
        let renewed = slots.firstIndex { $0.answer.pid == answer.pid && $0.answer.queryName == answer.queryName }
        if let index = renewed {
            slots[index] = Slot(serial: serial, answer: answer)
        } else {
            slots.append(Slot(serial: serial, answer: answer))
            count += 1
        }
        answersByAddress[address] = slots
    }

    // MARK: Lookup

    /// The answer naming `address` at `time`: the latest of process `pid` if it asked, else
    /// the latest of any process on the host.
    // Inlined so that a lookup through a host's slot reads the table in place: called, it
    // took a copy of the whole cache per connection.
    @inline(__always)
    package func answer(for address: IPAddress, pid: UInt32?, at time: Timestamp) -> Answer? {
        guard let slots = answersByAddress[address] else { return nil }
        var sameProcess: Answer?
        var anyProcess: Answer?
        for slot in slots where isValid(slot.answer, at: time) {
            if pid != nil && slot.answer.pid == pid && isLater(slot.answer, than: sameProcess) {
                sameProcess = slot.answer
            }
            if isLater(slot.answer, than: anyProcess) { anyProcess = slot.answer }
        }
        return sameProcess ?? anyProcess
    }

    /// The name `address` resolved from at `time`, preferring process `pid`'s own query.
    package func name(for address: IPAddress, pid: UInt32?, at time: Timestamp) -> String? {
        answer(for: address, pid: pid, at: time)?.queryName
    }

    private func isValid(_ answer: Answer, at time: Timestamp) -> Bool {
        answer.answeredAt <= time + limits.clockSlack && time <= answer.expiresAt
    }

    private func isLater(_ answer: Answer, than other: Answer?) -> Bool {
        guard let other else { return true }
        return answer.answeredAt >= other.answeredAt
    }

    // MARK: Bounds

    /// Evicts the oldest answers beyond the limit; queue items whose answer was renewed or
    /// expired since are skipped.
    mutating func evictOverLimit() {
        while count > limits.maximumEntries, let (address, serial) = order.takeOldest() {
            guard var slots = answersByAddress[address], let index = slots.firstIndex(where: { $0.serial == serial })
            else { continue }
            slots.remove(at: index)
            answersByAddress[address] = slots.isEmpty ? nil : slots
            count -= 1
            evictedCount += 1
        }
        compactOrder()
    }

    /// Renewals leave stale queue items behind; once the queue is well over the live count it
    /// is rebuilt from the live answers, oldest first.
    private mutating func compactOrder() {
        guard order.pendingCount > 2 * limits.maximumEntries + 64 else {
            order.dropTakenFront()
            return
        }
        var live: [(key: IPAddress, serial: UInt64)] = []
        live.reserveCapacity(count)
        for (address, slots) in answersByAddress {
            for slot in slots { live.append((address, slot.serial)) }
        }
        order.rebuild(from: live)
    }
}
