import Testing
@testable import Daemon

@Test func Daemon_moduleLoads() {
    #expect(Bool(true))
}
