import Testing
@testable import Detection

@Test func Detection_moduleLoads() {
    #expect(Bool(true))
}
