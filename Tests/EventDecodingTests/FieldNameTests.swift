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

@Test func fieldName_comparesLongKeysInFull_wordByWord() {
    // Keys of eight bytes or more are compared a word at a time; a difference anywhere counts.
    #expect(lookup("ParentProcessName") == .parentProcessName)
    #expect(lookup("pARENTpROCESSnAME") == .parentProcessName)
    #expect(lookup("ParentProcessNamf") == nil)
    #expect(lookup("ParentProceXsName") == nil)
    // Only ASCII capitals fold: a backquote is not an at sign.
    #expect(lookup("`timestamp") == nil)
    #expect(lookup("@timestamP") == .collectorTime)
}

@Test func plainText_foldedWord_foldsEachByteAsFoldedDoes() {
    for byte in 0...255 {
        let value = UInt8(byte)
        let word = UInt64(value) &* 0x0101_0101_0101_0101
        let expected = UInt64(PlainText.folded(value)) &* 0x0101_0101_0101_0101
        #expect(PlainText.foldedWord(word) == expected, "byte \(byte)")
        // Neighbours of other kinds must not change the result for this byte.
        let mixed = word & 0x0000_FFFF_0000_FFFF | 0xFF7F_0000_4120_0000
        let mixedExpected = expected & 0x0000_FFFF_0000_FFFF | 0xFF7F_0000_6120_0000
        #expect(PlainText.foldedWord(mixed) == mixedExpected, "byte \(byte) among others")
    }
}

private func lookup(_ key: String) -> FieldName? {
    var copy = key
    return copy.withUTF8 { FieldName(key: UnsafeRawBufferPointer($0)) }
}
