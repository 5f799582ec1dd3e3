/// What the rare-destination tracker knows about one connection's destination when it is seen.
public struct RarityContext: Equatable, Sendable {
    /// The host has not reached this destination within the memory period.
    public var firstForHost: Bool
    /// No host reached this destination earlier (in event time) within the memory period, as far
    /// as the fleet state knows when asked.
    public var firstForFleet: Bool
    /// Hosts that reached the destination at or before this event, this host included.
    public var fleetHosts: Int
    /// Hosts known to the fleet state at or before this event.
    public var fleetSize: Int
    /// `fleetHosts / fleetSize`, 0...1.
    public var fleetShare: Double
    /// The share is at or under the configured rare share and the fleet is large enough for a
    /// share to mean something.
    public var rareForFleet: Bool
    /// The host (or the fleet) has been watched for less than the learning period: every
    /// destination looks new then, so the flags above raise no severity and no finding.
    public var learning: Bool

    public init(
        firstForHost: Bool, firstForFleet: Bool, fleetHosts: Int, fleetSize: Int, fleetShare: Double,
        rareForFleet: Bool, learning: Bool
    ) {
        self.firstForHost = firstForHost
        self.firstForFleet = firstForFleet
        self.fleetHosts = fleetHosts
        self.fleetSize = fleetSize
        self.fleetShare = fleetShare
        self.rareForFleet = rareForFleet
        self.learning = learning
    }

    /// A destination seen before by this host and many others: nothing to say.
    public static let common = RarityContext(
        firstForHost: false, firstForFleet: false, fleetHosts: 0, fleetSize: 0, fleetShare: 1, rareForFleet: false,
        learning: false)

    /// Whether this context should count as rare for severity and findings.
    public var isRare: Bool { !learning && firstForHost && (firstForFleet || rareForFleet) }
}
