import EventDecoding
import WFPCore

public enum Severity: Int, Comparable, Sendable, CaseIterable {
    case info
    case low
    case medium
    case high
    case critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .info: "info"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    public init?(name: String) {
        guard let match = Severity.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}

/// What a detector concluded about one event, before suppression turns it into an alert.
public struct Finding: Equatable, Sendable {
    /// Stable rule id, snake_case: `suspicious_process`, `high_risk_port`, `threat_intel`.
    public var rule: String
    public var severity: Severity
    /// ATT&CK technique ids, most specific first (`T1218.010`, `T1571`).
    public var techniques: [String]
    /// One line for a human: "powershell.exe on WORKSTATION5 connected out to 10.10.10.5:80".
    public var summary: String
    /// Why, in plain words, one short phrase each.
    public var reasons: [String]
    /// The timing evidence of a beaconing finding; nil for other rules.
    public var beacon: BeaconEvidence?

    public init(
        rule: String, severity: Severity, techniques: [String], summary: String, reasons: [String],
        beacon: BeaconEvidence? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.techniques = techniques
        self.summary = summary
        self.reasons = reasons
        self.beacon = beacon
    }
}

/// What the beacon detector measured on one series of callbacks.
public struct BeaconEvidence: Equatable, Sendable {
    /// Estimated callback period.
    public var period: Duration
    /// Spread of the intervals relative to the period, in percent.
    public var jitterPercent: Double
    /// Callbacks (coalesced connection attempts) seen in the series.
    public var callbacks: Int
    /// Event time from the first to the latest callback.
    public var span: Duration
    /// Strength of the evidence against random (Poisson) arrivals: -log10 of the chance that
    /// random arrivals look this regular.
    public var score: Double
    /// 0 for the first alert of a series, then 1, 2, ... for each escalation.
    public var escalation: Int

    public init(
        period: Duration, jitterPercent: Double, callbacks: Int, span: Duration, score: Double, escalation: Int
    ) {
        self.period = period
        self.jitterPercent = jitterPercent
        self.callbacks = callbacks
        self.span = span
        self.score = score
        self.escalation = escalation
    }
}
