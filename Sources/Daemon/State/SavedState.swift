import Detection
import Enrichment
import WFPCore

/// What `serve` saves across restarts: the state of every detection worker, merged, keyed by
/// host so that any worker count can take it back. The payload of `StateFile`.
///
/// Sections, each a tag and a length (a reader skips tags it does not know, so a later
/// section can be added without a new format version):
/// - 1: beacon series (`CorrelationSnapshot`);
/// - 2: rarity first-seen memory per host (`RareDestinationTracker`);
/// - 3: new-country memory per host (`NewCountryDetector`);
/// - 4: the fleet-wide destination memory (`FleetPrevalence`), once;
/// - 5: process tables and DNS answers per host (`HostContextTable`).
package struct SavedState: Sendable {
    package enum SectionTag {
        package static let beaconSeries: UInt8 = 1
        package static let rarityHosts: UInt8 = 2
        package static let countryHosts: UInt8 = 3
        package static let fleet: UInt8 = 4
        package static let hostContext: UInt8 = 5
    }

    /// Most series entries read back; above the largest `maximum_tracked_keys` times workers.
    package static let maximumSeriesEntries = 16_777_216

    package var correlation = CorrelationSnapshot()
    package var hosts: [HostContextTable.HostSnapshot] = []
    /// Shared by every worker; one worker saves it.
    package var fleet: FleetPrevalence.Snapshot?

    package init(
        correlation: CorrelationSnapshot = CorrelationSnapshot(), hosts: [HostContextTable.HostSnapshot] = [],
        fleet: FleetPrevalence.Snapshot? = nil
    ) {
        self.correlation = correlation
        self.hosts = hosts
        self.fleet = fleet
    }

    /// Records that restore: series, hosts' rarity, new-country and context memories, and the
    /// fleet's destinations; what `wfpwatch_state_restored_keys_total` counts when no limit
    /// shrank since the save.
    package var keyCount: Int { correlation.recordCount + hosts.count + (fleet?.destinations.count ?? 0) }

    /// Adds another worker's state (workers own disjoint hosts).
    package mutating func append(_ other: SavedState) {
        correlation.append(other.correlation)
        hosts += other.hosts
        fleet = fleet ?? other.fleet
    }

    /// The sections, in tag order.
    package func encodePayload(into encoder: inout StateEncoder) {
        encoder.writeSection(tag: SectionTag.beaconSeries) { correlation.encodeSeries(into: &$0) }
        encoder.writeSection(tag: SectionTag.rarityHosts) {
            RareDestinationTracker.encode(
                correlation.rarityHosts, bucketNanoseconds: correlation.rarityBucketNanoseconds, into: &$0)
        }
        encoder.writeSection(tag: SectionTag.countryHosts) {
            NewCountryDetector.encode(correlation.countryHosts, into: &$0)
        }
        if let fleet {
            encoder.writeSection(tag: SectionTag.fleet) { fleet.encode(into: &$0) }
        }
        encoder.writeSection(tag: SectionTag.hostContext) { HostContextTable.encode(hosts, into: &$0) }
    }

    /// Reads the sections of a payload; unknown tags are skipped.
    package init(decodingPayload decoder: inout StateDecoder) throws(StateFileError) {
        while let (tag, body) = try decoder.nextSection() {
            var body = body
            switch tag {
            case SectionTag.beaconSeries:
                correlation.series = try CorrelationSnapshot.decodeSeries(
                    &body, maximumEntries: Self.maximumSeriesEntries)
            case SectionTag.rarityHosts:
                (correlation.rarityBucketNanoseconds, correlation.rarityHosts) = try RareDestinationTracker.decode(
                    &body)
            case SectionTag.countryHosts:
                correlation.countryHosts = try NewCountryDetector.decode(&body)
            case SectionTag.fleet:
                fleet = try FleetPrevalence.Snapshot(decoding: &body)
            case SectionTag.hostContext:
                hosts = try HostContextTable.decode(&body)
            default:
                continue
            }
        }
    }
}
