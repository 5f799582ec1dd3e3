#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import WFPCore

extension BeaconDetector {
    /// The Azure platform endpoints (wireserver and instance metadata) that guest agents poll
    /// on a schedule by design.
    private static let platformEndpoints: [IPAddress: String] = [
        IPAddress(ipv4: 168 << 24 | 63 << 16 | 129 << 8 | 16): "the Azure platform endpoint (wireserver)",
        IPAddress(ipv4: 169 << 24 | 254 << 16 | 169 << 8 | 254): "the cloud instance metadata service",
    ]

    /// `powershell.exe on WORKSTATION5 called 10.10.10.5:80 24 times every 5.0 s ± 4 %`, with
    /// reasons for period, jitter, callbacks, span and score.
    package func finding(_ alert: Alert, labels: SeriesLabels) -> Finding {
        let measurement = alert.measurement
        let series = alert.series
        let level = alert.level
        let period = Self.describe(seconds: measurement.period)
        let jitterPercent = (measurement.jitter * 100).rounded()
        let span = Self.describe(seconds: Double(series.spanNanoseconds) / 1e9)
        let callbacks = Int(series.callbacks)

        var reasons = [
            "callbacks every \(period) (median interval, missed callbacks folded in)",
            "jitter ± \(Int(jitterPercent)) % of the period",
            "\(callbacks) callbacks over \(span)",
            "score \(Self.oneDecimal(alert.score)): random arrivals look this regular with probability"
                + " 1e-\(Self.oneDecimal(alert.score))",
            level == 0
                ? "first alert after \(callbacks) callbacks (provisional)"
                : alert.isFirst
                    ? "first alert after \(callbacks) callbacks (level \(level))"
                    : "escalated after \(callbacks) callbacks (level \(level))",
        ]
        var severity = severity(level: level)
        if let address = labels.destinationAddress, let plumbing = Self.plumbingReason(address) {
            severity = min(severity, .low)
            reasons.append(plumbing)
        }

        let evidence = BeaconEvidence(
            period: .milliseconds(Int64((measurement.period * 1000).rounded())), jitterPercent: jitterPercent,
            callbacks: callbacks, span: .nanoseconds(series.spanNanoseconds), score: alert.score,
            escalation: level)
        let summary = "\(labels.image) on \(labels.host) called \(labels.destination) \(callbacks) times"
            + " every \(period) ± \(Int(jitterPercent)) %"
        return Finding(
            rule: Self.rule, severity: severity, techniques: Self.techniques, summary: summary, reasons: reasons,
            beacon: evidence)
    }

    /// Why a destination's regular traffic is expected, when it is platform plumbing.
    static func plumbingReason(_ address: IPAddress) -> String? {
        if let name = platformEndpoints[address] {
            return "destination \(address) is \(name), which guest agents poll on a schedule; severity kept low"
        }
        if address.scope == .linkLocal {
            return "destination \(address) is link-local (on-link plumbing); severity kept low"
        }
        return nil
    }

    /// `5.0 s`, `2.5 min`, `1.0 h`.
    static func describe(seconds: Double) -> String {
        if seconds < 60 { return "\(oneDecimal(seconds)) s" }
        if seconds < 3600 { return "\(oneDecimal(seconds / 60)) min" }
        return "\(oneDecimal(seconds / 3600)) h"
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
