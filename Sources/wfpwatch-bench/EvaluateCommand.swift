import Detection
import Evaluation
import Foundation

/// `wfpwatch-bench evaluate`: runs the correlation engine over a generated stream with ground
/// truth and prints the scores as Markdown.
enum EvaluateCommand {
    static func run(_ options: ScenarioOptions) {
        var scenario = ScenarioConfiguration()
        scenario.seed = options.seed
        scenario.hosts = max(options.hosts, 1)
        scenario.days = options.days
        scenario.beaconsPerCell = options.beaconsPerCell
        scenario.workHoursBeaconsPerCell = (options.beaconsPerCell + 1) / 2

        var configuration = CorrelationConfiguration()
        if let cap = options.maximumJitterPercent { configuration.beacon.maximumJitter = cap / 100 }
        if let rate = options.falseAlarmRate { configuration.beacon.falseAlarmRate = rate }
        let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())
        var engine = CorrelationEngine(configuration: configuration, rules: rules)
        var generator = StreamGenerator(configuration: scenario)
        var scorecard = Scorecard(truth: generator.groundTruth, coalesceGap: configuration.beacon.coalesceGap)

        let clock = ContinuousClock()
        var engineTime = Duration.zero
        let started = clock.now
        var names = DestinationNames()
        while let generated = generator.next() {
            names.learn(generated.event)
            let name = names.name(for: generated.event)
            let before = clock.now
            let findings = engine.process(generated.event, destinationName: name)
            engineTime += clock.now - before
            scorecard.observe(generated, findings: findings)
        }
        let elapsed = clock.now - started

        var report = EvaluationReport(
            scenario: scenario, scorecard: scorecard, minimumCallbacks: configuration.beacon.minimumCallbacks)
        let trial = PoissonKeyTrial()
        report.poissonTrial = (trial, trial.run(configuration: configuration.beacon))
        print("## wfpwatch beacon benchmark (seed \(scenario.seed), \(scenario.hosts) hosts, "
            + "\(Self.format(scenario.days)) days, \(scenario.beaconsPerCell) beacons per cell, "
            + "\(scenario.callbacksPerBeacon) callbacks each, 0-30 % missed; shipped configuration and allowlist, "
            + "destination names joined from DNS queries; beacon false_alarm_rate "
            + "\(configuration.beacon.falseAlarmRate), maximum_jitter_percent "
            + "\(Self.format(configuration.beacon.maximumJitter * 100)))\n")
        print(report.render())
        print("\nRun: \(scorecard.events) events in \(Self.seconds(elapsed)) s "
            + "(engine \(Self.seconds(engineTime)) s), \(engine.trackedKeyCount) keys tracked at the end, "
            + "\(engine.evictedKeyCount) evicted.")
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f", Double(duration.nanosecondsTotal) / 1e9)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
