import Testing
@testable import Alerting

@Test func Alerting_moduleLoads() {
    #expect(Bool(true))
}
