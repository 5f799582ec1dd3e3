import Testing
@testable import EventDecoding

// JSONText copies the runs between escapes whole; each escape kind must still decode in
// every place: first, last, back to back, and between long runs.

@Test(arguments: [
    (
        #"\\device\\harddiskvolume2\\windows\\system32\\svchost.exe"#,
        #"\device\harddiskvolume2\windows\system32\svchost.exe"#
    ),
    (#"\r\n\tProcess ID:\t\t704\r\n"#, "\r\n\tProcess ID:\t\t704\r\n"),
    (#"plain text without escapes"#, "plain text without escapes"),
    (#"\"quoted\" \/ \b\f"#, "\"quoted\" / \u{8}\u{C}"),
    (#"caf\u00e9 \u20ac \ud83d\ude00 end"#, "café € 😀 end"),
    (#"lone \ud83d surrogate \ude00 too"#, "lone \u{FFFD} surrogate \u{FFFD} too"),
    (#"\\"#, #"\"#),
    (#"ends with a bare backslash \"#, #"ends with a bare backslash \"#),
    (#"not hex \uzzzz kept"#, "not hex uzzzz kept"),
])
func jsonText_decodesEveryEscapeBetweenRuns(raw: String, expected: String) {
    var copy = raw
    let decoded = copy.withUTF8 { JSONText.string(UnsafeRawBufferPointer($0), needsUnescape: true) }
    #expect(decoded == expected)
    let bytes = copy.withUTF8 { JSONText.bytes(UnsafeRawBufferPointer($0), needsUnescape: true) }
    #expect(bytes == Array(expected.utf8))
}
