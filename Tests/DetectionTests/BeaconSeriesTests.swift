import Testing
@testable import Detection

private let second: Int64 = 1_000_000_000

@Test func beaconSeries_coalescesAttemptsWithinGap() {
    var series = BeaconSeries(firstAttemptNanoseconds: 0)
    let made1 = series.record(attemptNanoseconds: second / 2, coalesceGapNanoseconds: second)
    #expect(!made1)
    let made2 = series.record(attemptNanoseconds: second * 3 / 2, coalesceGapNanoseconds: second)
    #expect(!made2)
    let made3 = series.record(attemptNanoseconds: 10 * second, coalesceGapNanoseconds: second)
    #expect(made3)
    #expect(series.callbacks == 2)
    #expect(series.intervals.values == [10_000])
}

@Test func beaconSeries_placesLateAttemptBetweenCallbacks() {
    var series = BeaconSeries(firstAttemptNanoseconds: 0)
    _ = series.record(attemptNanoseconds: 20 * second, coalesceGapNanoseconds: second)
    _ = series.record(attemptNanoseconds: 30 * second, coalesceGapNanoseconds: second)
    let made4 = series.record(attemptNanoseconds: 10 * second, coalesceGapNanoseconds: second)
    #expect(made4)
    let made5 = series.record(attemptNanoseconds: 20 * second + second / 2, coalesceGapNanoseconds: second)
    #expect(!made5)
    #expect(series.intervals.values == [10_000, 10_000, 10_000])
    #expect(series.callbacks == 4)
}

@Test func beaconIntervals_dropOldestWhenFull() {
    var intervals = BeaconIntervals()
    for value in 1...UInt32(BeaconIntervals.capacity + 3) { intervals.append(value) }
    #expect(intervals.isFull)
    #expect(intervals.values.first == 4 && intervals.values.last == UInt32(BeaconIntervals.capacity + 3))
}
