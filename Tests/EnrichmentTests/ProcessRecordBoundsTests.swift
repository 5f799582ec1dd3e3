import Testing

@testable import Enrichment

@Test func processRecord_boundsCommandLines_atACharacterBoundary() {
    #expect(ProcessRecord.bounded("short", bytes: 8) == "short")
    #expect(ProcessRecord.bounded("abcdefgh", bytes: 4) == "abcd…")
    // "é" is two bytes: a cut inside it steps back before it.
    #expect(ProcessRecord.bounded("abcé", bytes: 4) == "abc…")
    let huge = String(repeating: "A", count: 60_000)
    #expect(ProcessRecord.bounded(huge, bytes: ProcessRecord.maximumCommandLineBytes).utf8.count == 8192 + 3)
}
