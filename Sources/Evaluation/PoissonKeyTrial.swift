import Detection

/// Pure Poisson keys run through the beacon detector alone: the share that alerts, which
/// `BeaconConfiguration.falseAlarmRate` bounds (the generated background is burstier than
/// Poisson, so it does not measure that bound).
///
/// Each key's attempts are exponential waits of `meanSeconds` after the coalescing gap (what
/// random callbacks look like once coalesced), at millisecond resolution, up to `callbacks`.
package struct PoissonKeyTrial {
    package var keys = 20_000
    package var callbacks = 65
    package var meanSeconds = 120.0
    package var seed: UInt64 = 1

    package init() {}

    /// Keys that alerted by 33 callbacks (the budget's horizon) and by `callbacks`.
    package struct Outcome: Equatable {
        package var keys: Int
        package var alertedByFullRing: Int
        package var alertedByEnd: Int
    }

    package func run(configuration: BeaconConfiguration) -> Outcome {
        let detector = BeaconDetector(configuration: configuration)
        let gapNanoseconds = configuration.coalesceGap.nanosecondsTotal
        let horizon = BeaconIntervals.capacity + 1
        var random = SplitMix64(seed: seed)
        var outcome = Outcome(keys: keys, alertedByFullRing: 0, alertedByEnd: 0)

        for _ in 0..<keys {
            var time: Int64 = 1_000_000_000_000
            var series = BeaconSeries(firstAttemptNanoseconds: time)
            var firstAlert: Int?
            while Int(series.callbacks) < callbacks && firstAlert == nil {
                let waitNanoseconds = Int64(random.exponential(mean: meanSeconds) * 1e6) * 1000
                time += gapNanoseconds + 1_000_000 + waitNanoseconds
                if detector.observe(&series, attemptNanoseconds: time) != nil { firstAlert = Int(series.callbacks) }
            }
            guard let callback = firstAlert else { continue }
            outcome.alertedByEnd += 1
            if callback <= horizon { outcome.alertedByFullRing += 1 }
        }
        return outcome
    }
}
