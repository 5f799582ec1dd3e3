import Foundation
import Testing
@testable import Detection

/// Writes `BeaconNullTable.swift` when `BEACON_NULL_TABLE` names the output path (see
/// `BeaconNullCalibration` for the command); does nothing otherwise.
@Test func beaconNullCalibration_writesTable() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let path = environment["BEACON_NULL_TABLE"] else { return }
    let samples = Int(environment["BEACON_NULL_SAMPLES"] ?? "") ?? 131_072
    let keys = Int(environment["BEACON_NULL_KEYS"] ?? "") ?? 50_000
    let text = BeaconNullCalibration.source(samplesPerCount: samples, keys: keys)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

@Test func beaconNullModel_tableAgreesWithFreshSimulation() {
    // 20,000 fresh samples pin the 10 % and 1 % quantiles to a few tenths of a nat.
    let model = BeaconNullModel.shared
    for count in [7, 19] {
        let sorted = BeaconNullCalibration.nullStatistics(count: count, samples: 20_000)
        for (share, tolerance) in [(0.1, 0.3), (0.01, 0.5)] {
            let quantile = sorted[sorted.count - Int(share * Double(sorted.count))]
            let probability = model.nullProbability(statistic: quantile, intervalCount: count)
            #expect(abs(log10(probability / share)) < tolerance, "\(count) intervals at \(share): \(probability)")
        }
    }
}

@Test func beaconNullModel_probabilityFallsWithStatistic() {
    let model = BeaconNullModel.shared
    for count in [2, 7, 19, 32] {
        let values = [-1_000.0, 0, 5, 10, 20, 40].map { model.nullProbability(statistic: $0, intervalCount: count) }
        #expect(values.first == 1)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 >= $1 }, "\(count) intervals: \(values)")
        #expect(values.last! < 1e-6)
    }
}

@Test func beaconNullModel_loadsFromTheTableWithoutSimulating() {
    let clock = ContinuousClock()
    let elapsed = clock.measure { _ = BeaconNullModel() }
    #expect(elapsed < .milliseconds(50), "loading took \(elapsed)")
    #expect(BeaconNullModel.shared.effectiveLooks > 1)
}
