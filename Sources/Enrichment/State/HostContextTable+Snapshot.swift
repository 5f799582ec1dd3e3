import WFPCore

extension HostContextTable {
    /// One host's process table and DNS answers. The ring of recent events (alert timelines)
    /// is not saved: it is seconds to minutes of context and restarts empty.
    package struct HostSnapshot: Sendable {
        package var host: String
        package var processes: [ProcessRecord]
        package var answers: [DNSCache.SavedAnswer]
    }

    /// Every host's memory, keyed by the table's host key (lower-cased name).
    package func snapshot() -> [HostSnapshot] {
        zip(hosts.keys, hosts.memories).map { host, memory in
            HostSnapshot(
                host: host, processes: memory.processes.recordsInInsertionOrder,
                answers: memory.dns.answersInInsertionOrder)
        }
    }

    /// Takes the memory of the hosts `owns` accepts, within the configured limits; returns the
    /// hosts taken.
    @discardableResult
    package mutating func restore(_ saved: [HostSnapshot], owns: (String) -> Bool) -> Int {
        var restored = 0
        for entry in saved where owns(entry.host) {
            updateHost(slot: slot(forHost: Self.hostKey(entry.host))) { memory in
                for record in entry.processes { memory.processes.recordStart(record) }
                memory.dns.restore(entry.answers)
            }
            restored += 1
        }
        return restored
    }

    // MARK: Encoding

    package static func encode(_ hosts: [HostSnapshot], into encoder: inout StateEncoder) {
        encoder.writeCount(hosts.count)
        for entry in hosts {
            encoder.write(entry.host)
            encoder.writeCount(entry.processes.count)
            for record in entry.processes { record.encode(into: &encoder) }
            encoder.writeCount(entry.answers.count)
            for answer in entry.answers { DNSCache.encode(answer, into: &encoder) }
        }
    }

    package static func decode(_ decoder: inout StateDecoder) throws(StateFileError) -> [HostSnapshot] {
        let count = try decoder.readCount("context hosts", minimumBytesEach: 4 + 4 + 4)
        var hosts: [HostSnapshot] = []
        hosts.reserveCapacity(count)
        for _ in 0..<count {
            let host = try decoder.readString("host")
            let processCount = try decoder.readCount(
                "process records", minimumBytesEach: ProcessRecord.minimumSnapshotBytes)
            var processes: [ProcessRecord] = []
            processes.reserveCapacity(processCount)
            for _ in 0..<processCount { processes.append(try ProcessRecord(decoding: &decoder)) }

            let answerCount = try decoder.readCount("DNS answers", minimumBytesEach: DNSCache.minimumAnswerBytes)
            var answers: [DNSCache.SavedAnswer] = []
            answers.reserveCapacity(answerCount)
            for _ in 0..<answerCount { answers.append(try DNSCache.decodeAnswer(&decoder)) }
            hosts.append(HostSnapshot(host: host, processes: processes, answers: answers))
        }
        try decoder.expectEnd("context section")
        return hosts
    }
}
