import Foundation
import Testing
import WFPCore

@testable import Detection

private typealias F = DetectionFixtures

@Test func threatIntelSet_matchesExactAddress_andNamesItsFile() {
    var set = ThreatIntelSet()
    set.insert(F.ipv4(198, 51, 100, 7), file: "feodo.txt")

    #expect(set.match(F.ipv4(198, 51, 100, 7)) == "feodo.txt")
    #expect(set.match(F.ipv4(198, 51, 100, 8)) == nil)
}

@Test func threatIntelSet_matchesInsideBlock_withUnmaskedNetwork() {
    var set = ThreatIntelSet()
    // 203.0.113.77/24 given with host bits set; the block is still 203.0.113.0/24 (104 + 24 bits).
    set.insert(CIDRBlock(network: F.ipv4(203, 0, 113, 77), prefixLength: 120), file: "blocks.txt")
    set.insert(CIDRBlock(network: IPAddress(high: 0x2001_0DB8_0000_0000, low: 0), prefixLength: 32), file: "v6.txt")

    #expect(set.match(F.ipv4(203, 0, 113, 1)) == "blocks.txt")
    #expect(set.match(F.ipv4(203, 0, 113, 255)) == "blocks.txt")
    #expect(set.match(F.ipv4(203, 0, 114, 1)) == nil)
    #expect(set.match(IPAddress(high: 0x2001_0DB8_FFFF_0000, low: 9)) == "v6.txt")
    #expect(set.match(IPAddress(high: 0x2001_0DB9_0000_0000, low: 9)) == nil)
    #expect(set.entryCount == 2)
}

@Test func threatIntelSet_prefersMostSpecificBlock() {
    var set = ThreatIntelSet()
    set.insert(CIDRBlock(network: F.ipv4(10, 0, 0, 0), prefixLength: 104), file: "wide.txt")
    set.insert(CIDRBlock(network: F.ipv4(10, 1, 2, 0), prefixLength: 120), file: "narrow.txt")

    #expect(set.match(F.ipv4(10, 1, 2, 3)) == "narrow.txt")
    #expect(set.match(F.ipv4(10, 9, 9, 9)) == "wide.txt")
}

@Test func threatIntelSet_throwsUnreadable_forMissingFile() {
    #expect(throws: ThreatIntelError.self) { try ThreatIntelSet.load(files: ["/nonexistent/wfpwatch-intel.txt"]) }
}

@Test
func threatIntelSet_loadsAddressesAndBlocks_skippingCommentsAndBlanks() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let listing = "# abuse.ch style list\n\n198.51.100.7\n  203.0.113.0/24  # a block\n"
    let first = try write(listing, "c2.txt", in: directory)
    let second = try write("2001:db8::/32\r\n192.0.2.1\n", "v6.txt", in: directory)

    let set = try ThreatIntelSet.load(files: [first, second])

    #expect(set.entryCount == 4)
    #expect(set.match(F.ipv4(198, 51, 100, 7)) == "c2.txt")
    #expect(set.match(F.ipv4(203, 0, 113, 99)) == "c2.txt")
    #expect(set.match(IPAddress(high: 0x2001_0DB8_0001_0000, low: 1)) == "v6.txt")
    #expect(set.match(F.ipv4(192, 0, 2, 1)) == "v6.txt")
    #expect(set.match(F.ipv4(192, 0, 2, 2)) == nil)
}

@Test
func threatIntelSet_rejectsBadLine_namingFileLineAndText() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try write("# list\n198.51.100.7\n10.0.0.300\n", "bad.txt", in: directory)

    #expect(throws: ThreatIntelError.badLine(file: path, line: 3, text: "10.0.0.300")) {
        try ThreatIntelSet.load(files: [path])
    }
    let message = "\(ThreatIntelError.badLine(file: path, line: 3, text: "10.0.0.300"))"
    #expect(message.contains("bad.txt:3"))
    #expect(message.contains("'10.0.0.300'"))
}

@Test func threatIntelSet_matchesNamesExactly_andDomainsWithTheirApex() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try write("c2.example.test\n*.evil.example\nBeacon.Example.Org.\n", "names.txt", in: directory)

    let set = try ThreatIntelSet.load(files: [path])

    #expect(set.entryCount == 3)
    #expect(set.match(name: "c2.example.test") == "names.txt")
    #expect(set.match(name: "C2.EXAMPLE.TEST.") == "names.txt")
    #expect(set.match(name: "www.c2.example.test") == nil)
    #expect(set.match(name: "evil.example") == "names.txt")
    #expect(set.match(name: "a.b.evil.example") == "names.txt")
    #expect(set.match(name: "notevil.example") == nil)
    #expect(set.match(name: "beacon.example.org") == "names.txt")
}

@Test func connectionRules_flagIntelName_onTheResolvedDestination() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try write("*.c2.example.test\n", "names.txt", in: directory)
    let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: try ThreatIntelSet.load(files: [path]))

    let named = rules.evaluate(F.psinjectPowerShell, destinationName: "cdn.c2.example.test")
    let intel = try #require(named.first { $0.rule == ConnectionRules.threatIntelRule })
    #expect(intel.reasons.first == "destination name cdn.c2.example.test is listed in threat intel file names.txt")
    #expect(!rules.evaluate(F.psinjectPowerShell).contains { $0.rule == ConnectionRules.threatIntelRule })
}

@Test func threatIntelSet_rejectsBadLine_evenBeforeParserLands() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try write("# only comments and one bad entry\n\nnot an address\n", "bad.txt", in: directory)

    #expect(throws: ThreatIntelError.badLine(file: path, line: 3, text: "not an address")) {
        try ThreatIntelSet.load(files: [path])
    }
}

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-intel-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func write(_ text: String, _ name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}
