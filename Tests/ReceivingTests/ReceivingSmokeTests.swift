import Testing
@testable import Receiving

@Test func Receiving_moduleLoads() {
    #expect(Bool(true))
}
