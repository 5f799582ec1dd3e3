import Testing
import WFPCore
@testable import Detection

private func seconds(_ values: [Double]) -> [Int64] {
    var time = 0.0
    return [0] + values.map { time += $0; return Int64(time * 1e9) }
}

@Test func beaconStatistic_measuresExactPeriodAndZeroJitter() throws {
    let measurement = try #require(BeaconStatistic.measure(Array(repeating: 60, count: 12)))
    #expect(measurement.period == 60)
    #expect(measurement.jitter == 0)
}

@Test func beaconStatistic_foldsMissedCallbacksIntoPeriod() throws {
    let intervals: [Double] = [30, 60, 30, 30, 90, 30, 30, 60, 30, 30, 30, 30]
    let measurement = try #require(BeaconStatistic.measure(intervals))
    #expect(measurement.period == 30)
    #expect(measurement.jitter == 0)
}

@Test func beaconStatistic_jitterEstimatesUniformAmplitude() throws {
    var generator = BeaconGenerator(seed: 11)
    let times = generator.beacon(periodSeconds: 100, jitter: 0.3, missRate: 0, sent: 33).map(\.nanoseconds)
    let intervals = zip(times.dropFirst(), times).map { Double($0 - $1) / 1e9 }
    let measurement = try #require(BeaconStatistic.measure(intervals))
    #expect(abs(measurement.period - 100) < 10)
    #expect(measurement.jitter > 0.2 && measurement.jitter < 0.4)
}

@Test func beaconDetector_alertsOnce_thenEscalatesOnceAtEachThreshold() {
    let detector = BeaconDetector(configuration: BeaconConfiguration())
    let run = detector.run(seconds(Array(repeating: 60, count: 59)))
    #expect(run.alerts.map(\.level) == [0, 1, 2])
    // Seven exact intervals score just under 1e-6; the eighth decides.
    #expect(run.alerts.map { Int($0.series.callbacks) } == [9, 20, 50])
    #expect(run.alerts.map { detector.severity(level: $0.level) } == [.low, .medium, .high])
}

@Test func beaconDetector_writesPeriodJitterAndScore() throws {
    let detector = BeaconDetector(configuration: BeaconConfiguration())
    let alert = try #require(detector.run(seconds(Array(repeating: 5, count: 23))).alerts.first)
    let labels = SeriesLabels(
        host: "WORKSTATION5", image: "powershell.exe", destination: "10.10.10.5:80",
        destinationAddress: IPAddress("10.10.10.5"))
    let finding = detector.finding(alert, labels: labels)
    #expect(finding.summary == "powershell.exe on WORKSTATION5 called 10.10.10.5:80 9 times every 5.0 s ± 0 %")
    #expect(finding.rule == "beaconing" && finding.techniques == ["T1071"])
    #expect(finding.beacon?.period == .seconds(5) && finding.beacon?.callbacks == 9)
    #expect(finding.beacon?.span == .seconds(40))
    #expect((finding.beacon?.score ?? 0) >= 6)
    #expect(finding.reasons.contains("9 callbacks over 40.0 s"))
}

@Test func beaconDetector_flagsSixtySecondBeacon_withinTwentyCallbacks() {
    // At the default rate only the steady cells reach 95 %; jittered ones are checked at 1e-3
    // without missed callbacks, where the statistic has the evidence to decide.
    var generator = BeaconGenerator(seed: 21)
    var relaxed = BeaconConfiguration()
    relaxed.falseAlarmRate = 1e-3
    let cells: [(jitter: Double, miss: Double, detector: BeaconDetector)] = [
        (0, 0.2, BeaconDetector(configuration: BeaconConfiguration())),
        (0.3, 0, BeaconDetector(configuration: relaxed)),
        (0.5, 0, BeaconDetector(configuration: relaxed)),
    ]
    for cell in cells {
        var flagged = 0
        for _ in 0..<100 {
            let series = generator.beacon(periodSeconds: 60, jitter: cell.jitter, missRate: cell.miss, sent: 20)
            if cell.detector.run(series.map(\.nanoseconds)).firstAlert != nil { flagged += 1 }
        }
        #expect(flagged >= 95, "jitter \(cell.jitter) miss \(cell.miss): \(flagged) of 100")
    }
}

@Test func beaconDetector_flagsFewPoissonKeys() {
    var generator = BeaconGenerator(seed: 31)
    let detector = BeaconDetector(configuration: BeaconConfiguration())
    let flagged = (0..<1_000).filter { _ in
        detector.run(generator.poisson(meanSeconds: 120, count: 30)).firstAlert != nil
    }.count
    #expect(flagged <= 5)
}

@Test func beaconNullModel_isDeterministic() {
    let first = BeaconNullModel(samplesPerCount: 50)
    let second = BeaconNullModel(samplesPerCount: 50)
    for count in [5, 12, 31] {
        for statistic in [-5.0, 0, 8, 20] {
            #expect(
                first.nullProbability(statistic: statistic, intervalCount: count)
                    == second.nullProbability(statistic: statistic, intervalCount: count))
        }
    }
    let strong = first.nullProbability(statistic: 30, intervalCount: 12)
    #expect(strong < first.nullProbability(statistic: 10, intervalCount: 12))
}
