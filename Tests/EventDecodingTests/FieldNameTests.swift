import Testing
@testable import EventDecoding

@Test func fieldName_matchesSpellingsIgnoringCase() {
    #expect(lookup("ProcessId") == .processID)
    #expect(lookup("PROCESSID") == .processID)
    #expect(lookup("DestAddress") == .destinationAddress)
    #expect(lookup("@timestamp") == .collectorTime)
    #expect(lookup("ThreadID") == nil)
    #expect(lookup(String(repeating: "x", count: 64)) == nil)
}

@Test func fieldName_findsEverySpellingInAnyCase() {
    for (spelling, name) in FieldName.spellings {
        #expect(lookup(spelling) == name, "\(spelling)")
        #expect(lookup(spelling.uppercased()) == name, "\(spelling)")
        #expect(lookup(spelling.lowercased()) == name, "\(spelling)")
    }
}

@Test func fieldName_rejectsKeysSharingLengthAndEndsWithASpelling() {
    // The table is hashed on the length and the first and last two bytes; the middle must match too.
    #expect(lookup("PrXXXXXId") == nil)
    #expect(lookup("DestXddress") == nil)
    #expect(lookup("Imagf") == nil)
    #expect(lookup("") == nil)
    #expect(lookup("I") == nil)
}

private func lookup(_ key: String) -> FieldName? {
    var copy = key
    return copy.withUTF8 { FieldName(key: UnsafeRawBufferPointer($0)) }
}
