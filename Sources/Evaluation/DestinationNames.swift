import EventDecoding
import WFPCore

/// Names of destinations as a host's DNS queries (Sysmon 22) resolved them, so the harness can
/// hand the engine a connection's destination name the way a DNS join in the pipeline would.
/// A name is kept until another query of the same host resolves the address to a new one.
package struct DestinationNames: Sendable {
    private struct Key: Hashable {
        var host: String
        var address: IPAddress
    }

    private var names: [Key: String] = [:]

    package init() {}

    package var count: Int { names.count }

    /// Remembers the answers of a DNS query event; other events are ignored.
    package mutating func learn(_ event: NormalizedEvent) {
        guard case .dnsQuery(let query) = event.detail else { return }
        for address in query.answers {
            names[Key(host: event.host, address: address)] = query.queryName
        }
    }

    /// The name the connection's host last resolved its destination address from, if any.
    package func name(for event: NormalizedEvent) -> String? {
        guard let connection = event.connection else { return nil }
        return names[Key(host: event.host, address: connection.destinationAddress)]
    }
}
