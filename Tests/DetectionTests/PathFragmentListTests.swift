import Testing

@testable import Detection

private let fragments = PathFragmentList(
    ["\\temp\\", "\\users\\*\\downloads\\", "\\users\\public\\", ""].map(PathFragment.init))

@Test func pathFragmentList_returnsEarliestListedFragment_evenWhenALaterOneOccursFirstInThePath() {
    // `\users\public\` sits earlier in the path, but `\temp\` is listed first.
    let match = fragments.firstMatch(in: "C:\\Users\\Public\\Temp\\x.exe")

    #expect(match?.text == "\\temp\\")
}

@Test func pathFragmentList_agreesWithEachFragmentAlone() {
    let paths = [
        "C:\\Users\\Bob\\Downloads\\x.exe", "c:/users/public/run.exe", "\\windows\\system32\\svchost.exe", "",
        "\\users\\bob\\extra\\downloads\\x.exe", "C:\\TEMP\\", "\\users\\x\\downloads",
    ]
    for path in paths {
        let expected = fragments.fragments.first { $0.matches(path) }
        #expect(fragments.firstMatch(in: path)?.text == expected?.text, "path \(path)")
    }
}

@Test func pathFragmentList_matchesNothing_whenEmptyOrOnlyEmptyFragments() {
    #expect(PathFragmentList([]).firstMatch(in: "C:\\temp\\x.exe") == nil)
    #expect(PathFragmentList([PathFragment("")]).firstMatch(in: "C:\\temp\\x.exe") == nil)
}

@Test func pathFragmentList_fragmentStartingWithStar_canStartAnywhere() {
    let list = PathFragmentList([PathFragment("*\\downloads\\")])

    #expect(list.firstMatch(in: "C:\\Users\\Bob\\Downloads\\x.exe")?.text == "*\\downloads\\")
    #expect(list.firstMatch(in: "\\downloads\\x.exe") == nil)
}
