import Testing
import WFPCore

@Test func timestamp_secondsSinceEpoch_roundsTowardMinusInfinity() {
    #expect(Timestamp(nanosecondsSinceEpoch: 1_500_000_000).secondsSinceEpoch == 1)
    #expect(Timestamp(nanosecondsSinceEpoch: -1).secondsSinceEpoch == -1)
}

@Test func timestamp_addsDuration() {
    let start = Timestamp(secondsSinceEpoch: 10)
    #expect((start + .milliseconds(1500)).nanosecondsSinceEpoch == 11_500_000_000)
    #expect((start + .seconds(5)) - start == .seconds(5))
}
