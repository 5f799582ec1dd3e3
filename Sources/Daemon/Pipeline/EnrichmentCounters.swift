import Enrichment
import WFPCore

/// One worker's process and DNS join figures, published as gauges after each batch so that
/// `replay --stats` can sum them over workers.
package struct EnrichmentCounters {
    package static let connectionsName = "wfpwatch_enrichment_connections"
    package static let joinedName = "wfpwatch_enrichment_connections_joined"
    package static let joinableName = "wfpwatch_enrichment_connections_joinable"
    package static let namedName = "wfpwatch_enrichment_connections_named"

    private let gauges: [(Gauge, KeyPath<EnrichmentStatistics, Int>)]

    package init(metrics: MetricsRegistry, worker: Int) {
        let labels: KeyValuePairs = ["worker": String(worker)]
        gauges = [
            (metrics.gauge(Self.connectionsName, labels), \.connectionsSeen),
            (metrics.gauge(Self.joinedName, labels), \.connectionsJoined),
            (metrics.gauge(Self.joinableName, labels), \.connectionsJoinable),
            (metrics.gauge(Self.namedName, labels), \.connectionsNamed),
        ]
    }

    package func publish(_ statistics: EnrichmentStatistics) {
        for (gauge, path) in gauges { gauge.set(statistics[keyPath: path]) }
    }

    /// `connections 241, joined 23 of 23 joinable (100.0 %), named 0`, summed over workers.
    package static func summary(_ metrics: MetricsRegistry) -> String {
        let gauges = metrics.gaugeValues()
        func total(_ name: String) -> Int { gauges.reduce(0) { $0 + ($1.0.name == name ? $1.1 : 0) } }
        var statistics = EnrichmentStatistics()
        statistics.connectionsSeen = total(connectionsName)
        statistics.connectionsJoined = total(joinedName)
        statistics.connectionsJoinedLater = total(joinableName) - statistics.connectionsJoined
        statistics.connectionsNamed = total(namedName)
        return statistics.summary
    }
}
