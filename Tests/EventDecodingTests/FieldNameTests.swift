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

private func lookup(_ key: String) -> FieldName? {
    var copy = key
    return copy.withUTF8 { FieldName(key: UnsafeRawBufferPointer($0)) }
}
