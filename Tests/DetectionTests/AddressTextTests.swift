import Testing
import WFPCore

@testable import Detection

@Test func addressText_printsIPv4Dotted() {
    #expect(AddressText.string(IPAddress(ipv4: 0x0A0A_0A05)) == "10.10.10.5")
    #expect(AddressText.endpoint(IPAddress(ipv4: 0xA9FE_A9FE), port: 80) == "169.254.169.254:80")
}

@Test func addressText_compressesLongestZeroRun_inIPv6() {
    #expect(AddressText.string(IPAddress(high: 0, low: 1)) == "::1")
    #expect(AddressText.string(IPAddress(high: 0, low: 0)) == "::")
    #expect(AddressText.string(IPAddress(high: 0x2001_0DB8_0000_0000, low: 0x0000_0000_0000_0001)) == "2001:db8::1")
    let linkLocal = IPAddress(high: 0xFE80_0000_0000_0000, low: 0x0214_22FF_FE01_0203)
    #expect(AddressText.string(linkLocal) == "fe80::214:22ff:fe01:203")
    // A single zero group stays; the longer later run is the one compressed.
    #expect(AddressText.string(IPAddress(high: 0x2001_0DB8_0000_0001, low: 1)) == "2001:db8:0:1::1")
    let noRun = IPAddress(high: 0x2001_0000_0001_0001, low: 0x0001_0001_0001_0001)
    #expect(AddressText.string(noRun) == "2001:0:1:1:1:1:1:1")
}

@Test func addressText_namesCommonProtocols() {
    #expect(AddressText.protocolName(6) == "tcp")
    #expect(AddressText.protocolName(17) == "udp")
    #expect(AddressText.protocolName(58) == "icmpv6")
    #expect(AddressText.protocolName(253) == nil)
}
