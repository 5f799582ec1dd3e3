import Testing
@testable import EventDecoding

@Test func EventDecoding_moduleLoads() {
    #expect(Bool(true))
}
