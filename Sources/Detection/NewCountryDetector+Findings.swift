import Enrichment
import EventDecoding
import WFPCore

/// The text of `new_country` and `listed_country` findings.
extension NewCountryDetector {
    /// "powershell.exe on WS01 reached RU (AS12345 Example Net) for the first time".
    func newCountryFinding(
        _ event: NormalizedEvent, connection: Connection, geo: GeoRecord, country: String,
        firstTime: NewCountryHostMemory.FirstSighting
    ) -> Finding {
        let image = Self.name(connection)
        let hostReason =
            firstTime.hostKnewCountry
            ? "other processes on \(event.host) reached \(country) before"
            : "no process on \(event.host) reached \(country) before"
        return Finding(
            rule: Self.newCountryRule, severity: configuration.severity, techniques: Self.techniques,
            summary: "\(image) on \(event.host) reached \(Self.place(country, geo)) for the first time",
            reasons: [
                "first connection of \(image) on \(event.host) to \(Self.countryText(country, geo)), "
                    + "to \(Self.target(connection))",
                hostReason,
            ])
    }

    /// "powershell.exe on WS01 connected to 203.0.113.7:443 in RU (AS12345 Example Net), a
    /// listed country"; blocked attempts say so.
    func listedFinding(
        _ event: NormalizedEvent, connection: Connection, geo: GeoRecord, country: String,
        firstTime: NewCountryHostMemory.FirstSighting?
    ) -> Finding {
        let image = Self.name(connection)
        let verb = connection.outcome == .blocked ? "was blocked connecting" : "connected"
        var reasons = ["\(Self.countryText(country, geo)) is in the configured country list"]
        if let firstTime, !firstTime.learning {
            reasons.append("first connection of \(image) on \(event.host) to \(country)")
        }
        return Finding(
            rule: Self.listedCountryRule, severity: configuration.listedSeverity, techniques: Self.techniques,
            summary: "\(image) on \(event.host) \(verb) to \(Self.target(connection)) in \(Self.place(country, geo)), "
                + "a listed country",
            reasons: reasons)
    }

    // MARK: Text

    /// `RU (AS12345 Example Net)`, or `RU` without an ASN.
    private static func place(_ country: String, _ geo: GeoRecord) -> String {
        guard let autonomousSystem = geo.asDescription else { return country }
        return "\(country) (\(autonomousSystem))"
    }

    /// `Russia (RU)`, or `RU` without a name.
    private static func countryText(_ country: String, _ geo: GeoRecord) -> String {
        guard let name = geo.countryName, !name.isEmpty else { return country }
        return "\(name) (\(country))"
    }

    private static func target(_ connection: Connection) -> String {
        connection.destinationAddress.endpoint(port: connection.destinationPort)
    }

    private static func name(_ connection: Connection) -> String {
        connection.process.image.isEmpty ? "unknown process" : connection.process.image
    }
}
