import Detection
import WFPCore

/// What `serve` saves across restarts: the state of every detection worker, merged, keyed by
/// host so that any worker count can take it back. The payload of `StateFile`.
///
/// Sections, each a tag and a length (a reader skips tags it does not know, so a later
/// section can be added without a new format version):
/// - 1: beacon series (`CorrelationSnapshot`).
package struct SavedState: Sendable {
    package enum SectionTag {
        package static let beaconSeries: UInt8 = 1
    }

    /// Most series entries read back; above the largest `maximum_tracked_keys` times workers.
    package static let maximumSeriesEntries = 16_777_216

    package var correlation = CorrelationSnapshot()

    package init(correlation: CorrelationSnapshot = CorrelationSnapshot()) {
        self.correlation = correlation
    }

    /// Entries that restore as keys.
    package var keyCount: Int { correlation.series.count }

    /// Adds another worker's state (workers own disjoint hosts).
    package mutating func append(_ other: SavedState) {
        correlation.append(other.correlation)
    }

    /// The sections, in tag order.
    package func encodePayload(into encoder: inout StateEncoder) {
        encoder.writeSection(tag: SectionTag.beaconSeries) { correlation.encodeSeries(into: &$0) }
    }

    /// Reads the sections of a payload; unknown tags are skipped.
    package init(decodingPayload decoder: inout StateDecoder) throws(StateFileError) {
        while let (tag, body) = try decoder.nextSection() {
            var body = body
            switch tag {
            case SectionTag.beaconSeries:
                correlation.series = try CorrelationSnapshot.decodeSeries(
                    &body, maximumEntries: Self.maximumSeriesEntries)
            default:
                continue
            }
        }
    }
}
