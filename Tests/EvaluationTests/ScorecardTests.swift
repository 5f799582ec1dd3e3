import Detection
import EventDecoding
import Testing
import WFPCore

@testable import Evaluation

private func tinyScenario() -> ScenarioConfiguration {
    var scenario = ScenarioConfiguration()
    scenario.hosts = 2
    scenario.days = 0.25
    scenario.periodsSeconds = [10]
    scenario.jitterPercents = [0, 50]
    scenario.beaconsPerCell = 2
    scenario.workHoursBeaconsPerCell = 1
    return scenario
}

private func key(of generated: GeneratedEvent) -> ConnectionKey {
    let connection = generated.event.connection!
    return ConnectionKey(
        host: generated.event.host, image: connection.process.image, destination: connection.destinationAddress,
        port: connection.destinationPort)
}

private func beaconFinding(callbacks: Int, escalation: Int) -> Finding {
    let evidence = BeaconEvidence(
        period: .seconds(10), jitterPercent: 1, callbacks: callbacks, span: .seconds(10 * callbacks), score: 9,
        escalation: escalation)
    return Finding(
        rule: "beaconing", severity: .medium, techniques: ["T1071"], summary: "", reasons: [], beacon: evidence)
}

/// Runs the scenario through a scorecard, asking `decide` for the findings of each event.
private func score(
    _ scenario: ScenarioConfiguration, decide: (GeneratedEvent, SeriesKind) -> [Finding]
) -> Scorecard {
    var generator = StreamGenerator(configuration: scenario)
    var scorecard = Scorecard(truth: generator.groundTruth, coalesceGap: .seconds(1))
    while let generated = generator.next() {
        // DNS queries carry no series key; the scorecard skips them.
        guard generated.event.connection != nil else {
            scorecard.observe(generated, findings: [])
            continue
        }
        let findings = decide(generated, generator.groundTruth.kind(of: key(of: generated)))
        scorecard.observe(generated, findings: findings)
    }
    return scorecard
}

@Test func scorecard_recordsCallbacksBeforeFirstAlert_andCountsEscalationsApart() {
    let scenario = tinyScenario()
    let target = StreamGenerator(configuration: scenario).groundTruth.beaconSeries[0].key
    var alerted = false
    let scorecard = score(scenario) { generated, _ in
        guard key(of: generated) == target else { return [] }
        if !alerted && generated.callbackNumber == 9 {
            alerted = true
            return [beaconFinding(callbacks: 9, escalation: 0)]
        }
        return generated.callbackNumber == 20 && alerted ? [beaconFinding(callbacks: 20, escalation: 1)] : []
    }

    #expect(scorecard.records[target]?.firstBeaconAlertCallback == 9)
    #expect(scorecard.records[target]?.firstBeaconSeverity == .medium)
    #expect(scorecard.escalations >= 1)
    #expect(scorecard.backgroundAlertsByRule.isEmpty)
}

@Test func scorecard_countsFirstAlertAtEscalationCount_asDetection() {
    let scenario = tinyScenario()
    let target = StreamGenerator(configuration: scenario).groundTruth.beaconSeries[0].key
    var alerted = false
    let scorecard = score(scenario) { generated, _ in
        guard key(of: generated) == target, !alerted, generated.callbackNumber == 20 else { return [] }
        // First significant at the escalation count 20: the detector alerts at level 1 at once.
        alerted = true
        return [beaconFinding(callbacks: 20, escalation: 1)]
    }

    #expect(scorecard.records[target]?.firstBeaconAlertCallback == 20)
    #expect(scorecard.escalations == 0)
}

@Test func scorecard_countsEveryBackgroundFinding_andEachAlertedKeyOnce() {
    var target: ConnectionKey?
    var raised = 0
    let scorecard = score(tinyScenario()) { generated, kind in
        guard kind == .background, raised < 2 else { return [] }
        if target == nil { target = key(of: generated) }
        guard key(of: generated) == target else { return [] }
        raised += 1
        return [Finding(rule: "fan_out", severity: .medium, techniques: [], summary: "", reasons: [])]
    }

    #expect(raised == 2)
    #expect(scorecard.backgroundAlertsByRule == ["fan_out": 2])
    #expect(scorecard.backgroundKeysByRule == ["fan_out": 1])
}

@Test func evaluationReport_showsRecallPerCell_fromFirstAlerts() {
    let scenario = tinyScenario()
    // Alert every jitter-0 beacon at its eighth callback and no other series.
    let scorecard = score(scenario) { generated, kind in
        guard case .beacon(let cell) = kind, cell.jitterPercent == 0, generated.callbackNumber == 8 else { return [] }
        return [beaconFinding(callbacks: 8, escalation: 0)]
    }
    let report = EvaluationReport(scenario: scenario, scorecard: scorecard, minimumCallbacks: 8)
    let text = report.render()

    #expect(text.contains("| 10 s | 100 % | 0 % |"))
    #expect(text.contains("| 10 s | 8 / 8 | – |"))
    #expect(text.contains("Poisson keys flagged as beaconing | 0 of "))
}
