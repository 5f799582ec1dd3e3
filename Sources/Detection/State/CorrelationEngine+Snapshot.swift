import WFPCore

extension CorrelationEngine {
    /// The engine's beacon series, least recently used first, with their strings.
    package func snapshot() -> CorrelationSnapshot {
        var entries: [CorrelationSnapshot.SeriesEntry] = []
        entries.reserveCapacity(series.count)
        series.forEachOldestFirst { key, value, lastSeen in
            let destination: CorrelationSnapshot.Destination
            switch key.destination {
            case .address(let address, let port): destination = .address(address, port: port)
            case .name(let name): destination = .name(names.string(for: name))
            }
            entries.append(
                CorrelationSnapshot.SeriesEntry(
                    host: hosts.string(for: key.host), image: images.string(for: key.image),
                    destination: destination, lastSeenNanoseconds: lastSeen, series: value))
        }
        var snapshot = CorrelationSnapshot(series: entries)
        snapshot.rarityBucketNanoseconds = rarity.bucketNanoseconds
        snapshot.rarityHosts = rarity.snapshot()
        snapshot.countryHosts = countries.snapshot()
        return snapshot
    }

    /// Takes the saved series, rarity and new-country memory of the hosts `owns` accepts (the
    /// series in their saved order) and returns how many records it took. A series the engine
    /// already holds keeps its current state. Series idle past `idleExpiry` go at the first
    /// event after the restore, as if the engine had never stopped.
    @discardableResult
    package mutating func restore(_ snapshot: CorrelationSnapshot, owns: (String) -> Bool) -> Int {
        var restored = rarity.restore(
            snapshot.rarityHosts, bucketNanoseconds: snapshot.rarityBucketNanoseconds, owns: owns)
        restored += countries.restore(snapshot.countryHosts, owns: owns)
        for entry in snapshot.series where owns(entry.host) {
            let destination: SeriesDestination
            switch entry.destination {
            case .address(let address, let port): destination = .address(address, port: port)
            case .name(let name): destination = .name(names.id(for: name))
            }
            let key = SeriesKey(
                host: hosts.id(for: entry.host), image: images.id(for: entry.image), destination: destination)
            series.update(key, at: entry.lastSeenNanoseconds, make: { entry.series }) { _ in }
            restored += 1
        }
        return restored
    }
}
