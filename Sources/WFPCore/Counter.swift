import Synchronization

/// A monotonically increasing count shared between threads.
public final class Counter: Sendable {
    private let storage = Atomic<Int>(0)

    public init() {}

    public func add(_ amount: Int = 1) {
        storage.add(amount, ordering: .relaxed)
    }

    public var value: Int { storage.load(ordering: .relaxed) }
}

/// A value that goes up and down (queue depth, open connections).
public final class Gauge: Sendable {
    private let storage = Atomic<Int>(0)

    public init() {}

    public func add(_ amount: Int) { storage.add(amount, ordering: .relaxed) }
    public func set(_ amount: Int) { storage.store(amount, ordering: .relaxed) }
    public var value: Int { storage.load(ordering: .relaxed) }
}

/// Every counter and gauge the daemon keeps, by name and labels, so that metrics, `--stats`
/// and STATUS= read one source. Names are snake_case with a unit and `_total` on counters.
public final class MetricsRegistry: Sendable {
    public struct Key: Hashable, Sendable, Comparable {
        public var name: String
        /// Label pairs in the order given.
        public var labels: [Label]

        public struct Label: Hashable, Sendable {
            public var name: String
            public var value: String
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            if lhs.name != rhs.name { return lhs.name < rhs.name }
            return lhs.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
                < rhs.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        }
    }

    private let counters = Mutex<[Key: Counter]>([:])
    private let gauges = Mutex<[Key: Gauge]>([:])

    public init() {}

    /// The counter for `name` and `labels`, created at zero on first use. Callers on hot paths
    /// look a counter up once and keep it.
    public func counter(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Counter {
        let key = Key(name: name, labels: labels.map { Key.Label(name: $0.key, value: $0.value) })
        return counters.withLock { table in
            if let existing = table[key] { return existing }
            let created = Counter()
            table[key] = created
            return created
        }
    }

    public func gauge(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Gauge {
        let key = Key(name: name, labels: labels.map { Key.Label(name: $0.key, value: $0.value) })
        return gauges.withLock { table in
            if let existing = table[key] { return existing }
            let created = Gauge()
            table[key] = created
            return created
        }
    }

    /// A sorted snapshot of every counter.
    public func counterValues() -> [(Key, Int)] {
        counters.withLock { table in table.map { ($0.key, $0.value.value) } }.sorted { $0.0 < $1.0 }
    }

    public func gaugeValues() -> [(Key, Int)] {
        gauges.withLock { table in table.map { ($0.key, $0.value.value) } }.sorted { $0.0 < $1.0 }
    }

    /// Sum of a counter over all its label sets.
    public func total(_ name: String) -> Int {
        counters.withLock { table in table.filter { $0.key.name == name }.reduce(0) { $0 + $1.value.value } }
    }
}
