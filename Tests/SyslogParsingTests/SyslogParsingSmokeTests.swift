import Testing
@testable import SyslogParsing

@Test func SyslogParsing_moduleLoads() {
    #expect(Bool(true))
}
