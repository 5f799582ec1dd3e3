import Testing

@testable import Detection

@Test func pathFragment_matchesAnywhereInPath() {
    let fragment = PathFragment("\\temp\\")

    #expect(fragment.matches("C:\\Windows\\Temp\\a.exe"))
    #expect(fragment.matches("\\users\\bob\\appdata\\local\\temp\\x.exe"))
    #expect(!fragment.matches("C:\\Windows\\Temporary\\a.exe"))
    #expect(!fragment.matches("C:\\temp"))
}

@Test func pathFragment_starMatchesExactlyOneSegment() {
    let fragment = PathFragment("\\users\\*\\downloads\\")

    #expect(fragment.matches("\\users\\stevie.marie\\downloads\\winx64_payload.exe"))
    #expect(fragment.matches("C:\\Users\\Bob\\Downloads\\x.exe"))
    #expect(!fragment.matches("C:\\Users\\Downloads\\x.exe"))
    #expect(!fragment.matches("C:\\Users\\bob\\extra\\Downloads\\x.exe"))
}

@Test func pathFragment_acceptsForwardSlashes() {
    #expect(PathFragment("\\users\\public\\").matches("C:/Users/Public/run.exe"))
}

@Test func pathFragment_findsLaterOccurrence_afterFailedEarlierOne() {
    let fragment = PathFragment("\\users\\*\\appdata\\roaming\\")

    #expect(fragment.matches("\\users\\users\\bob\\appdata\\roaming\\x.exe"))
    #expect(!fragment.matches("\\users\\bob\\appdata\\local\\x.exe"))
}

@Test func pathFragment_neverMatches_whenEmpty() {
    #expect(!PathFragment("").matches("C:\\x.exe"))
}

@Test func pathFragment_matchesAtTheVeryEndAndNeverInShorterPaths() {
    let fragment = PathFragment("\\temp\\")

    #expect(fragment.matches("C:\\Temp\\"))
    #expect(fragment.matches("/TEMP/"))
    #expect(!fragment.matches("\\temp"))
    #expect(!fragment.matches(""))
}

@Test func pathFragment_leadingStarMatchesFromAnySegment() {
    let fragment = PathFragment("*\\tasks\\")

    #expect(fragment.matches("C:\\Windows\\Tasks\\x.exe"))
    #expect(!fragment.matches("\\tasks\\x.exe"))
}
