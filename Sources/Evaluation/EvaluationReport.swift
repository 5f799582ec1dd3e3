import Detection
import Foundation

/// The Markdown report of an evaluation run: recall per period × jitter, callbacks needed,
/// false alerts on benign traffic.
package struct EvaluationReport {
    let scenario: ScenarioConfiguration
    let scorecard: Scorecard
    let minimumCallbacks: Int
    /// A beacon counts as found when its first alert comes by this callback.
    let recallCallbacks: Int
    /// Pure Poisson keys through the detector alone, when measured.
    package var poissonTrial: (trial: PoissonKeyTrial, outcome: PoissonKeyTrial.Outcome)?

    package init(
        scenario: ScenarioConfiguration, scorecard: Scorecard, minimumCallbacks: Int, recallCallbacks: Int = 20
    ) {
        self.scenario = scenario
        self.scorecard = scorecard
        self.minimumCallbacks = minimumCallbacks
        self.recallCallbacks = recallCallbacks
    }

    package func render() -> String {
        var lines: [String] = []
        lines.append("### Beacon recall: alerted within \(recallCallbacks) callbacks (always on)")
        lines += recallTable(workHoursOnly: false)
        lines.append("")
        lines.append("### Beacon recall: alerted within \(recallCallbacks) callbacks (weekdays 09:00-17:00 local only)")
        lines += recallTable(workHoursOnly: true)
        lines.append("")
        lines.append("### Callbacks before the first alert, median / p90 (always on, alerted series)")
        lines += callbacksTable()
        lines.append("")
        lines.append("### Benign traffic")
        lines += benignTable()
        lines.append("")
        lines.append("### Jitter measured at the first alert, p10 / median / p90 (always-on beacons by cell jitter)")
        lines += jitterTable()
        return lines.joined(separator: "\n")
    }

    private var beaconRecords: [(BeaconCell, Scorecard.KeyRecord)] {
        scorecard.records.values.compactMap { record in
            if case .beacon(let cell) = record.kind { return (cell, record) }
            return nil
        }
    }

    private func header() -> [String] {
        let jitters = scenario.jitterPercents.map { "jitter \($0) %" }
        return ["| period | " + jitters.joined(separator: " | ") + " |",
                "|---|" + String(repeating: "---:|", count: jitters.count)]
    }

    private func recallTable(workHoursOnly: Bool) -> [String] {
        let records = beaconRecords
        var lines = header()
        for period in scenario.periodsSeconds {
            var cells: [String] = []
            for jitter in scenario.jitterPercents {
                let cell = BeaconCell(periodSeconds: period, jitterPercent: jitter, workHoursOnly: workHoursOnly)
                let expected = workHoursOnly ? scenario.workHoursBeaconsPerCell : scenario.beaconsPerCell
                let hits = records.filter {
                    $0.0 == cell && ($0.1.firstBeaconAlertCallback ?? .max) <= recallCallbacks
                }.count
                cells.append(expected == 0 ? "–" : Self.percent(Double(hits) / Double(expected)))
            }
            lines.append("| \(Self.periodName(period)) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    private func callbacksTable() -> [String] {
        let records = beaconRecords
        var lines = header()
        for period in scenario.periodsSeconds {
            var cells: [String] = []
            for jitter in scenario.jitterPercents {
                let cell = BeaconCell(periodSeconds: period, jitterPercent: jitter, workHoursOnly: false)
                let needed = records.filter { $0.0 == cell }.compactMap(\.1.firstBeaconAlertCallback).sorted()
                cells.append(needed.isEmpty ? "–" : "\(Self.quantile(needed, 0.5)) / \(Self.quantile(needed, 0.9))")
            }
            lines.append("| \(Self.periodName(period)) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    private func benignTable() -> [String] {
        let records = scorecard.records.values
        let background = records.filter { $0.kind == .background }
        let testable = background.filter { $0.callbacks >= minimumCallbacks }
        let flagged = background.filter { $0.firstBeaconAlertCallback != nil }.count
        let flaggedTestable = testable.filter { $0.firstBeaconAlertCallback != nil }.count
        let hostDays = max(scorecard.truth.hostDays, 1e-9)
        let backgroundAlerts = scorecard.backgroundAlertsByRule.values.reduce(0, +)

        var lines = ["| measure | value |", "|---|---:|"]
        lines.append("| host-days of benign traffic | \(String(format: "%.0f", scorecard.truth.hostDays)) |")
        lines.append("| events | \(scorecard.events) |")
        let allRulesRate = Self.rate(Double(backgroundAlerts) / hostDays)
        lines.append("| false findings per host-day, background, all rules (before suppression) | \(allRulesRate) |")
        for (rule, count) in scorecard.backgroundAlertsByRule.sorted(by: { $0.key < $1.key }) {
            let keys = scorecard.backgroundKeysByRule[rule] ?? 0
            lines.append("| false findings per host-day, background, `\(rule)` (keys alerted) | "
                + "\(Self.rate(Double(count) / hostDays)) (\(keys) keys) |")
        }
        lines.append("| Poisson keys flagged as beaconing | \(flagged) of \(background.count) "
            + "(\(Self.percent(Double(flagged) / Double(max(background.count, 1)), digits: 2))) |")
        lines.append("| Poisson keys with ≥ \(minimumCallbacks) callbacks flagged as beaconing | "
            + "\(flaggedTestable) of \(testable.count) "
            + "(\(Self.percent(Double(flaggedTestable) / Double(max(testable.count, 1)), digits: 2))) |")
        if let (trial, outcome) = poissonTrial { lines.append(Self.poissonRow(trial, outcome)) }
        lines += pollerRows()
        lines.append("| escalations (all keys) | \(scorecard.escalations) |")
        return lines
    }

    /// Where the reported jitter of true and false first alerts lies: what `maximumJitter` is
    /// chosen from.
    private func jitterTable() -> [String] {
        var lines = ["| series | alerted | jitter p10 / median / p90 |", "|---|---:|---:|"]
        let background = scorecard.records.values.filter { $0.kind == .background }
        lines.append(jitterRow("background keys", background.compactMap(\.firstBeaconJitterPercent)))
        let records = beaconRecords.filter { !$0.0.workHoursOnly }
        for jitter in scenario.jitterPercents {
            let measured = records.filter { $0.0.jitterPercent == jitter }.compactMap(\.1.firstBeaconJitterPercent)
            lines.append(jitterRow("beacons, jitter \(jitter) %", measured))
        }
        return lines
    }

    private func jitterRow(_ name: String, _ values: [Double]) -> String {
        let sorted = values.map { Int($0.rounded()) }.sorted()
        guard !sorted.isEmpty else { return "| \(name) | 0 | – |" }
        let spread = [0.1, 0.5, 0.9].map { "\(Self.quantile(sorted, $0)) %" }.joined(separator: " / ")
        return "| \(name) | \(sorted.count) | \(spread) |"
    }

    /// Pure Poisson keys flagged by a full ring and by the trial's last callback.
    private static func poissonRow(_ trial: PoissonKeyTrial, _ outcome: PoissonKeyTrial.Outcome) -> String {
        let keys = Double(max(outcome.keys, 1))
        let shares = [outcome.alertedByFullRing, outcome.alertedByEnd].map { percent(Double($0) / keys, digits: 2) }
        return "| simulated pure Poisson keys (mean \(Int(trial.meanSeconds)) s) flagged by "
            + "\(BeaconIntervals.capacity + 1) / by \(trial.callbacks) callbacks | "
            + "\(outcome.alertedByFullRing) / \(outcome.alertedByEnd) of \(outcome.keys) "
            + "(\(shares.joined(separator: " / "))) |"
    }

    /// One row per benign poller: keys flagged as beaconing and at which severity.
    private func pollerRows() -> [String] {
        var byPoller: [String: [Scorecard.KeyRecord]] = [:]
        for record in scorecard.records.values {
            if case .benignPeriodic(let name) = record.kind { byPoller[name, default: []].append(record) }
        }
        var lines: [String] = []
        for (name, records) in byPoller.sorted(by: { $0.key < $1.key }) {
            let severities = records.compactMap(\.firstBeaconSeverity).map(\.name)
            let counts = Dictionary(grouping: severities, by: { $0 }).map { "\($0.value.count) \($0.key)" }.sorted()
            let severityText = counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")
            lines.append("| benign poller `\(name)` flagged as beaconing | "
                + "\(severities.count) of \(records.count)\(severityText) |")
        }
        let other = scorecard.pollerAlertsByRule.filter { $0.key != "beaconing" }.values.reduce(0, +)
        lines.append("| benign poller findings, other rules | \(other) |")
        return lines
    }

    package static func periodName(_ seconds: Int) -> String {
        seconds % 3600 == 0 ? "\(seconds / 3600) h" : seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) s"
    }

    static func percent(_ share: Double, digits: Int = 0) -> String {
        String(format: "%.\(digits)f %%", share * 100)
    }

    static func rate(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    static func quantile(_ sorted: [Int], _ share: Double) -> Int {
        sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * share).rounded()))]
    }
}
