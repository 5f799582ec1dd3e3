import WFPCore

/// The correlation state one or more engines saved, with strings in place of the engines'
/// interned ids, so that it restores into engines of any worker count: each entry names its
/// host, and a worker takes the entries of the hosts sharded to it.
///
/// Saved: the beacon series (every field of their timing, and the time each was last touched
/// for idle expiry), each host's rarity first-seen memory and new-country memory. Not saved:
/// the frequency and fan-out windows, which span seconds to a minute and restart empty.
package struct CorrelationSnapshot: Sendable {
    /// Where a saved series goes: an address and port, or a destination name.
    package enum Destination: Hashable, Sendable {
        case address(IPAddress, port: UInt16)
        case name(String)
    }

    /// One beacon series and its key.
    package struct SeriesEntry: Sendable {
        package var host: String
        package var image: String
        package var destination: Destination
        /// Event time the key was last touched; expiry runs against it after the restore.
        package var lastSeenNanoseconds: Int64
        package var series: BeaconSeries

        package init(
            host: String, image: String, destination: Destination, lastSeenNanoseconds: Int64, series: BeaconSeries
        ) {
            self.host = host
            self.image = image
            self.destination = destination
            self.lastSeenNanoseconds = lastSeenNanoseconds
            self.series = series
        }
    }

    /// Least recently used first, per engine.
    package var series: [SeriesEntry] = []
    /// The rarity bucket width the host memory was kept in; 0 when none was saved.
    package var rarityBucketNanoseconds: Int64 = 0
    package var rarityHosts: [RareDestinationTracker.HostSnapshot] = []
    package var countryHosts: [NewCountryDetector.HostSnapshot] = []

    package init(series: [SeriesEntry] = []) {
        self.series = series
    }

    /// Records that restore: series, rarity hosts and new-country hosts.
    package var recordCount: Int { series.count + rarityHosts.count + countryHosts.count }

    /// Adds another engine's entries (engines own disjoint hosts).
    package mutating func append(_ other: CorrelationSnapshot) {
        series += other.series
        if !other.rarityHosts.isEmpty { rarityBucketNanoseconds = other.rarityBucketNanoseconds }
        rarityHosts += other.rarityHosts
        countryHosts += other.countryHosts
    }

    // MARK: Encoding

    /// Entry bytes at least: two empty strings, a destination tag and name length, the time, a
    /// series.
    private static let minimumEntryBytes = 4 + 4 + 1 + 4 + 8 + BeaconSeries.minimumSnapshotBytes

    /// The beacon section's contents.
    package func encodeSeries(into encoder: inout StateEncoder) {
        encoder.writeCount(series.count)
        for entry in series {
            encoder.write(entry.host)
            encoder.write(entry.image)
            switch entry.destination {
            case .address(let address, let port):
                encoder.write(UInt8(0))
                encoder.write(address)
                encoder.write(port)
            case .name(let name):
                encoder.write(UInt8(1))
                encoder.write(name)
            }
            encoder.write(entry.lastSeenNanoseconds)
            entry.series.encode(into: &encoder)
        }
    }

    /// Reads a beacon section, at most `maximumEntries` entries.
    package static func decodeSeries(
        _ decoder: inout StateDecoder, maximumEntries: Int
    ) throws(StateFileError) -> [SeriesEntry] {
        let count = try decoder.readCount(
            "beacon series", minimumBytesEach: minimumEntryBytes, limit: maximumEntries)
        var entries: [SeriesEntry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let host = try decoder.readString("host")
            let image = try decoder.readString("image")
            let destination = try decodeDestination(&decoder)
            let lastSeen = try decoder.readInt64()
            let series = try BeaconSeries(decoding: &decoder)
            entries.append(
                SeriesEntry(
                    host: host, image: image, destination: destination, lastSeenNanoseconds: lastSeen,
                    series: series))
        }
        try decoder.expectEnd("beacon section")
        return entries
    }

    private static func decodeDestination(_ decoder: inout StateDecoder) throws(StateFileError) -> Destination {
        let offset = decoder.offset
        switch try decoder.readUInt8() {
        case 0:
            let address = try decoder.readAddress()
            return .address(address, port: try decoder.readUInt16())
        case 1:
            return .name(try decoder.readString("destination name"))
        case let other:
            throw .invalidValue(what: "destination kind", value: String(other), offset: offset)
        }
    }
}
