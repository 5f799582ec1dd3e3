import Enrichment
import EventDecoding
import WFPCore

/// Flags a process reaching a country for the first time from its host (`new_country`), and
/// any connection to a configured country (`listed_country`).
///
/// Per host it remembers which process images reached which countries, learning quietly for
/// `learningPeriod` of event time after the host's first counted connection; afterwards an
/// allowed connection of an image to a country it has not reached from this host is flagged
/// once and remembered. Only outbound connections (and those of unknown direction) count, and
/// only allowed ones teach or raise `new_country`: a blocked attempt reached nothing. Listed
/// countries are flagged for every connection, allowed or blocked, learning or not; a
/// connection that is both new and listed raises `listed_country` only.
///
/// Memory: per host a set of (image, country) pairs, capped by `maximumPairsPerHost`; images
/// are named by small ids from a table capped by `maximumImages`; hosts by `maximumHosts`.
/// What the caps turn away is counted. Nothing ages out: a country once reached stays known.
public struct NewCountryDetector: Sendable {
    public static let newCountryRule = "new_country"
    public static let listedCountryRule = "listed_country"
    /// Application Layer Protocol: a channel to a server where this host's software never went
    /// is the common shape of command and control.
    public static let techniques = [Techniques.applicationLayerProtocol]

    public let configuration: NewCountryConfiguration
    private let listedCountries: Set<String>
    var hosts: [String: NewCountryHostMemory] = [:]
    var images = InternTable()

    /// Hosts not remembered because `maximumHosts` was reached.
    public private(set) var droppedHosts = 0
    /// New (image, country) pairs flagged but not remembered because the host held
    /// `maximumPairsPerHost`.
    public private(set) var droppedPairs = 0
    /// Connections not checked for a new country because `maximumImages` was reached.
    public private(set) var untrackedImageConnections = 0

    public init(configuration: NewCountryConfiguration) {
        self.configuration = configuration
        listedCountries = Set(configuration.listedCountries.map { $0.uppercased() })
    }

    /// Hosts remembered.
    public var trackedHosts: Int { hosts.count }
    /// (host, image, country) triples remembered.
    public var trackedPairs: Int { hosts.values.reduce(0) { $0 + $1.pairCount } }

    /// Findings for one connection whose destination `geo` describes (nil when no database
    /// knows the address, or it is not public).
    public mutating func observe(_ event: NormalizedEvent, connection: Connection, geo: GeoRecord?) -> [Finding] {
        guard configuration.enabled, connection.direction != .inbound,
            let geo, let code = geo.countryCode
        else { return [] }
        let country = code.uppercased()

        let firstTime = connection.outcome == .allowed ? learn(event, connection: connection, country: country) : nil
        if listedCountries.contains(country) {
            return [listedFinding(event, connection: connection, geo: geo, country: country, firstTime: firstTime)]
        }
        guard let firstTime, !firstTime.learning else { return [] }
        return [newCountryFinding(event, connection: connection, geo: geo, country: country, firstTime: firstTime)]
    }

    // MARK: Steps

    /// Remembers the pair; returns what was new about it, nil when the image already reached
    /// the country from this host (or the pair cannot be tracked).
    private mutating func learn(_ event: NormalizedEvent, connection: Connection, country: String)
        -> NewCountryHostMemory.FirstSighting?
    {
        guard let countryKey = NewCountryHostMemory.countryKey(country) else { return nil }
        guard let image = imageID(connection.process.image) else {
            untrackedImageConnections += 1
            return nil
        }
        if hosts[event.host] == nil {
            guard hosts.count < configuration.maximumHosts else {
                droppedHosts += 1
                return nil
            }
            hosts[event.host] = NewCountryHostMemory(firstSeen: event.time)
        }

        let sighting = hosts[event.host]!.see(
            image: image, country: countryKey, time: event.time, learningPeriod: configuration.learningPeriod,
            maximumPairs: configuration.maximumPairsPerHost)
        if let sighting, !sighting.remembered { droppedPairs += 1 }
        return sighting
    }

    mutating func imageID(_ image: String) -> UInt32? {
        if let id = images.existingID(for: image) { return id }
        guard images.count < configuration.maximumImages else { return nil }
        return images.id(for: image)
    }
}
