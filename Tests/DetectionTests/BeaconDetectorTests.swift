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
    // Seven exact intervals already decide.
    #expect(run.alerts.map { Int($0.series.callbacks) } == [8, 20, 50])
    #expect(run.alerts.map { detector.severity(level: $0.level) } == [.low, .medium, .high])
}

@Test func beaconDetector_writesPeriodJitterAndScore() throws {
    let detector = BeaconDetector(configuration: BeaconConfiguration())
    let alert = try #require(detector.run(seconds(Array(repeating: 5, count: 23))).alerts.first)
    let labels = SeriesLabels(
        host: "WORKSTATION5", image: "powershell.exe", destination: "10.10.10.5:80",
        destinationAddress: IPAddress("10.10.10.5"))
    let finding = detector.finding(alert, labels: labels)
    #expect(finding.summary == "powershell.exe on WORKSTATION5 called 10.10.10.5:80 8 times every 5.0 s ± 0 %")
    #expect(finding.rule == "beaconing" && finding.techniques == ["T1071"])
    #expect(finding.beacon?.period == .seconds(5) && finding.beacon?.callbacks == 8)
    #expect(finding.beacon?.span == .seconds(35))
    // Seven exact intervals at whole-second resolution: random arrivals do this about once in 10^4.
    #expect((finding.beacon?.score ?? 0) >= 3.5)
    #expect(finding.reasons.contains("8 callbacks over 35.0 s"))
}

@Test func beaconDetector_looksDenselyEarly_thenOnceARing() {
    let detector = BeaconDetector(configuration: BeaconConfiguration())
    let looks = (1...100).filter { detector.isLook(callbacks: $0) }
    #expect(looks == [8, 10, 12, 14, 16, 20, 24, 28, 33, 65, 97])
}

@Test func beaconDetector_spendsMoreOfTheBudgetAtTwentyCallbacks() {
    let detector = BeaconDetector(configuration: BeaconConfiguration())
    #expect(detector.perTestRate(callbacks: 20) == 16 * detector.perTestRate(callbacks: 10))
    #expect(detector.perTestRate(callbacks: 33) == 2 * detector.perTestRate(callbacks: 10))
    #expect(detector.perTestRate(callbacks: 8) == 2 * detector.perTestRate(callbacks: 33))
    #expect(detector.perTestRate(callbacks: 8) == detector.perTestRate(callbacks: 16))
    // Looks after the ring is full take 1/j² of a weight-1 share (16's): the 2nd one a quarter.
    #expect(detector.perTestRate(callbacks: 97) == detector.perTestRate(callbacks: 16) / 4)
}

@Test func beaconStatistic_resolutionFloorOnlyWidensTheFit() throws {
    // Whole-second timestamps turn steady 5.4 s callbacks into 5 s and 6 s intervals.
    let intervals: [Double] = [5, 6, 5, 5, 6, 5, 6, 5, 5, 6]
    let exact = try #require(BeaconStatistic.measure(intervals))
    let floored = try #require(BeaconStatistic.measure(intervals, resolution: 1))
    #expect(floored.statistic <= exact.statistic)
    #expect(floored.statistic > 5)
    #expect(floored.period >= 5 && floored.period <= 6)
}


@Test func beaconDetector_pauseMakesTheActiveStretchPassOnItsOwn() throws {
    // An office-hours key: a night and a morning gap, then a working day of busy but random
    // connections. Fitted against the mean the night inflates, the day looks regular.
    let intervals = [29459.13, 1859.989, 578.511, 1235.484, 552.945, 683.513, 1211.548]
    let detector = BeaconDetector(configuration: BeaconConfiguration())
    let whole = try #require(BeaconStatistic.measure(intervals, resolution: 0.001, nullShift: 1))
    let probability = BeaconNullModel.shared.nullProbability(statistic: whole.statistic, intervalCount: 7)
    #expect(probability <= detector.perTestRate(callbacks: 8))

    #expect(detector.run(seconds(intervals)).alerts.isEmpty)
}

@Test func beaconDetector_pauseKeepsARegularBeaconAlerting() throws {
    // A 5 min beacon over two working days: the night between them is a pause, not a miss.
    let day = Array(repeating: 300.0, count: 9)
    let detector = BeaconDetector(configuration: BeaconConfiguration())
    let run = detector.run(seconds(day + [16 * 3600] + day))
    let alert = try #require(run.alerts.first)
    #expect(alert.measurement.period == 300)
}

@Test func beaconDetector_jitterCapWithholdsWideSpreads() {
    var generator = BeaconGenerator(seed: 5)
    let times = generator.beacon(periodSeconds: 60, jitter: 0.4, missRate: 0, sent: 33).map(\.nanoseconds)
    let uncapped = BeaconDetector(configuration: BeaconConfiguration())
    #expect(uncapped.run(times).firstAlert != nil)

    var configuration = BeaconConfiguration()
    configuration.maximumJitter = 0.1
    #expect(BeaconDetector(configuration: configuration).run(times).alerts.isEmpty)
}
