import Testing
import WFPCore

@Test func ipAddress_parsesDottedIPv4() throws {
    let address = try #require(IPAddress("10.10.10.5"))
    #expect(address.ipv4 == 0x0A0A_0A05)
    #expect(address.description == "10.10.10.5")
    #expect(IPAddress("0.0.0.0")?.ipv4 == 0)
    #expect(IPAddress("255.255.255.255")?.ipv4 == 0xFFFF_FFFF)
}

@Test(arguments: [
    "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.a", "", "[]", "1234.1.1.1",
    ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1", ":1::", "1::2:", "1:2:3:4:5:6:7:8::",
    "::ffff:1.2.3", "::ffff:1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "%12", "fe80::1%", "[::1", "::1]",
    "hello", "-", "::fffff:1.2.3.4",
])
func ipAddress_rejectsGarbage(text: String) {
    #expect(IPAddress(text) == nil)
}

@Test func ipAddress_parsesEveryIPv6Spelling() throws {
    let expected = try #require(IPAddress("fe80::3816:b2ee:1b9b:324b"))
    #expect(expected.high == 0xFE80_0000_0000_0000)
    #expect(expected.low == 0x3816_B2EE_1B9B_324B)
    for spelling in [
        "fe80:0:0:0:3816:b2ee:1b9b:324b", "FE80:0000:0000:0000:3816:B2EE:1B9B:324B", "fe80::3816:B2ee:1b9b:324b",
        "[fe80::3816:b2ee:1b9b:324b]", "fe80::3816:b2ee:1b9b:324b%12", "[fe80::3816:b2ee:1b9b:324b%eth0]",
        "fe80:0::3816:b2ee:1b9b:324b",
    ] {
        #expect(IPAddress(spelling) == expected, "\(spelling)")
    }
    #expect(IPAddress("::") == IPAddress(high: 0, low: 0))
    #expect(IPAddress("0:0:0:0:0:0:0:1") == IPAddress(high: 0, low: 1))
    #expect(IPAddress("1::") == IPAddress(high: 0x0001_0000_0000_0000, low: 0))
    #expect(IPAddress("2001:db8:1:2::") == IPAddress(high: 0x2001_0DB8_0001_0002, low: 0))
    #expect(IPAddress("1:2:3:4:5:6:7::") == IPAddress(high: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0000))
    #expect(IPAddress("::2:3:4:5:6:7:8") == IPAddress(high: 0x0000_0002_0003_0004, low: 0x0005_0006_0007_0008))
    #expect(IPAddress("64:ff9b::192.0.2.33") == IPAddress(high: 0x0064_FF9B_0000_0000, low: 0xC000_0221))
}

@Test func ipAddress_treatsIPv4MappedAsIPv4() throws {
    let mapped = try #require(IPAddress("::ffff:10.0.0.1"))
    #expect(mapped == IPAddress("10.0.0.1"))
    #expect(IPAddress("::FFFF:0a00:0001") == mapped)
    #expect(IPAddress("0:0:0:0:0:ffff:10.0.0.1") == mapped)
    #expect(mapped.description == "10.0.0.1")
}

@Test func ipAddress_describesIPv6AsRFC5952() {
    let cases: [(String, String)] = [
        ("FE80:0000:0000:0000:3816:B2EE:1B9B:324B", "fe80::3816:b2ee:1b9b:324b"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:db8:0:0:0:1:0:0", "2001:db8::1:0:0"),
        ("ff02:0:0:0:0:0:1:3", "ff02::1:3"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("2001:db8:1:2::", "2001:db8:1:2::"),
    ]
    for (input, expected) in cases {
        #expect(IPAddress(input)?.description == expected, "\(input)")
    }
}

@Test func ipAddress_classifiesScope() {
    let cases: [(String, AddressScope)] = [
        ("10.1.2.3", .private), ("172.16.0.1", .private), ("172.31.255.255", .private), ("172.32.0.1", .public),
        ("192.168.1.41", .private), ("100.64.0.1", .private), ("100.128.0.1", .public), ("127.0.0.1", .loopback),
        ("169.254.169.254", .linkLocal), ("224.0.0.251", .multicast), ("239.255.255.250", .multicast),
        ("0.0.0.0", .unspecified), ("168.63.129.16", .public), ("8.8.8.8", .public), ("::", .unspecified),
        ("::1", .loopback), ("fe80::1", .linkLocal), ("febf::1", .linkLocal), ("fec0::1", .public),
        ("ff02::fb", .multicast), ("fd12:3456::1", .private), ("fc00::1", .private), ("2001:db8::1", .public),
        ("::ffff:192.168.2.5", .private),
    ]
    for (input, scope) in cases {
        #expect(IPAddress(input)?.scope == scope, "\(input)")
    }
}

@Test func cidrBlock_parsesAndContains() throws {
    let ten = try #require(CIDRBlock("10.0.0.0/8"))
    #expect(ten.prefixLength == 104)
    #expect(ten.contains(IPAddress("10.200.1.1")!))
    #expect(ten.contains(IPAddress("::ffff:10.9.9.9")!))
    #expect(!ten.contains(IPAddress("11.0.0.1")!))
    #expect(ten.description == "10.0.0.0/8")

    let unaligned = try #require(CIDRBlock("192.168.1.77/24"))
    #expect(unaligned.network == IPAddress("192.168.1.0"))
    #expect(unaligned.contains(IPAddress("192.168.1.254")!))

    let documentation = try #require(CIDRBlock("2001:db8::/32"))
    #expect(documentation.contains(IPAddress("2001:db8:ffff::1")!))
    #expect(!documentation.contains(IPAddress("2001:db9::1")!))

    let single = try #require(CIDRBlock("10.10.10.5"))
    #expect(single.contains(IPAddress("10.10.10.5")!))
    #expect(!single.contains(IPAddress("10.10.10.6")!))
    #expect(CIDRBlock("::1")?.prefixLength == 128)
    #expect(CIDRBlock("0.0.0.0/0")?.contains(IPAddress("8.8.8.8")!) == true)
}

@Test(arguments: ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "nope/8", "10.0.0.0/8/8", "10.0.0.0/+8"])
func cidrBlock_rejectsBadBlocks(text: String) {
    #expect(CIDRBlock(text) == nil)
}
