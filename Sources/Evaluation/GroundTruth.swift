import WFPCore

/// A benchmark cell: a beacon's period and jitter, and whether it calls back only in office
/// hours. Missed callbacks vary within a cell.
public struct BeaconCell: Hashable, Sendable {
    public var periodSeconds: Int
    /// Interval = period × (1 + U(−j, j)) with j = jitterPercent / 100.
    public var jitterPercent: Int
    public var workHoursOnly: Bool

    public init(periodSeconds: Int, jitterPercent: Int, workHoursOnly: Bool) {
        self.periodSeconds = periodSeconds
        self.jitterPercent = jitterPercent
        self.workHoursOnly = workHoursOnly
    }
}

/// What a generated series really is.
public enum SeriesKind: Hashable, Sendable {
    /// Command-and-control callbacks: every alert on it is a true detection.
    case beacon(BeaconCell)
    /// Benign periodic traffic (update checks, telemetry, cloud agents) that an allowlist
    /// should cover.
    case benignPeriodic(String)
    /// Benign Poisson arrivals: browsers, Office, svchost, chat clients.
    case background

    public var isBeacon: Bool {
        if case .beacon = self { return true }
        return false
    }
}

/// The series key the engine tracks: host, process image, destination address and port.
public struct ConnectionKey: Hashable, Sendable {
    public var host: String
    public var image: String
    public var destination: IPAddress
    public var port: UInt16

    public init(host: String, image: String, destination: IPAddress, port: UInt16) {
        self.host = host
        self.image = image
        self.destination = destination
        self.port = port
    }
}

/// The truth of one fixed-destination series (beacon, benign periodic or steady Poisson).
public struct SeriesTruth: Sendable {
    public var key: ConnectionKey
    public var kind: SeriesKind
    /// Share of scheduled callbacks that were dropped (beacons only).
    public var missedShare: Double
}

/// The truth of a whole generated stream: fixed-destination series by key; every other key
/// belongs to the Poisson background.
public struct GroundTruth: Sendable {
    public private(set) var series: [SeriesTruth] = []
    private var indexByKey: [ConnectionKey: Int] = [:]
    public var hostNames: [String] = []
    /// Host-days of background traffic generated.
    public var hostDays: Double = 0

    public init() {}

    mutating func add(_ truth: SeriesTruth) {
        indexByKey[truth.key] = series.count
        series.append(truth)
    }

    /// The series a key belongs to, or nil for a background key.
    public func truth(for key: ConnectionKey) -> SeriesTruth? {
        indexByKey[key].map { series[$0] }
    }

    public func kind(of key: ConnectionKey) -> SeriesKind {
        truth(for: key)?.kind ?? .background
    }

    public var beaconSeries: [SeriesTruth] { series.filter { $0.kind.isBeacon } }
}
