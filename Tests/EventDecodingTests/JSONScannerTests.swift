import Testing
@testable import EventDecoding

private struct Seen: Equatable {
    var depth: Int
    var parent: String
    var key: String
    var kind: JSONValueKind
    var value: String
}

/// Scans `text`, walking into every object, and returns the members in order.
private func members(_ text: String, walk: Bool = true, maximumDepth: Int = 32) -> ([Seen], JSONScanError?) {
    var seen: [Seen] = []
    var copy = text
    let error = copy.withUTF8 { buffer in
        JSONScanner.scan(UnsafeRawBufferPointer(buffer), maximumDepth: maximumDepth) { member in
            seen.append(Seen(
                depth: member.depth, parent: String(decoding: member.parentKey, as: UTF8.self),
                key: JSONText.string(member.key, needsUnescape: member.keyNeedsUnescape), kind: member.kind,
                value: JSONText.string(member.value, needsUnescape: member.valueNeedsUnescape)))
            return walk
        }
    }
    return (seen, error)
}

private func scanError(_ text: String) -> JSONScanError.Reason? {
    members(text).1?.reason
}

@Test func jsonScanner_reportsMembersOfNestedObjects() {
    let (seen, error) = members(#" {"a":1, "w":{"b":"x","c":{"d":null}}, "e":[1,{"f":2}], "g":true} "#)
    #expect(error == nil)
    #expect(seen == [
        Seen(depth: 1, parent: "", key: "a", kind: .number, value: "1"),
        Seen(depth: 1, parent: "", key: "w", kind: .object, value: ""),
        Seen(depth: 2, parent: "w", key: "b", kind: .string, value: "x"),
        Seen(depth: 2, parent: "w", key: "c", kind: .object, value: ""),
        Seen(depth: 3, parent: "c", key: "d", kind: .null, value: "null"),
        Seen(depth: 1, parent: "", key: "e", kind: .array, value: ""),
        Seen(depth: 1, parent: "", key: "g", kind: .bool, value: "true"),
    ])
}

@Test func jsonScanner_skipsObjectsTheVisitorDeclines() {
    let (seen, error) = members(#"{"w":{"b":"x"},"z":-1.5e+3}"#, walk: false)
    #expect(error == nil)
    #expect(seen.map(\.key) == ["w", "z"])
    #expect(seen.last?.value == "-1.5e+3")
}

@Test func jsonText_decodesEveryEscape() {
    let (seen, _) = members(#"{"k":"q\" b\\ s\/ \b\f\n\r\t \u00e9 \u20AC \ud83d\ude00 \ud800x \u0041"}"#)
    #expect(seen.first?.value == "q\" b\\ s/ \u{8}\u{C}\n\r\t é € 😀 \u{FFFD}x A")
    let (plain, _) = members(#"{"k":"no escapes here"}"#)
    #expect(plain.first?.value == "no escapes here")
}

@Test func jsonScanner_acceptsValidNumbersAndLiterals() {
    for text in [#"{"n":0}"#, #"{"n":-0.5}"#, #"{"n":12E-3}"#, #"{"n":-9214364837600034816}"#, #"{}"#, #"{"a":[]}"#,
        #"{"a":false,"b":null}"#]
    {
        #expect(members(text).1 == nil, "\(text)")
    }
}

@Test func jsonScanner_rejectsMalformedInput() {
    let cases: [(String, JSONScanError.Reason)] = [
        ("", .unexpectedEnd), ("[]", .notAnObject), ("\"x\"", .notAnObject), (#"{"a":1"#, .unexpectedEnd),
        (#"{"a" 1}"#, .unexpectedByte), (#"{a:1}"#, .unexpectedByte), (#"{"a":01}"#, .invalidNumber),
        (#"{"a":1.}"#, .invalidNumber), (#"{"a":-}"#, .invalidNumber), (#"{"a":tru}"#, .unexpectedByte),
        (#"{"a":"\x"}"#, .invalidEscape), (#"{"a":"\u12G4"}"#, .invalidEscape), (#"{"a":1,}"#, .unexpectedByte),
        (#"{"a":[1,]}"#, .unexpectedByte), (#"{"a":1}x"#, .trailingBytes), (#"{"a":"abc"#, .unexpectedEnd),
        (#"{"a":1 "b":2}"#, .unexpectedByte), (#"{"a":"\"#, .unexpectedEnd),
    ]
    for (text, reason) in cases {
        #expect(scanError(text) == reason, "\(text)")
    }
}

@Test func jsonScanner_capsNesting() {
    let deepObjects = String(repeating: #"{"a":"#, count: 40) + "1" + String(repeating: "}", count: 40)
    #expect(scanError(deepObjects) == .tooDeep)
    let deepArrays = #"{"a":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
    #expect(scanError(deepArrays) == .tooDeep)
    let withinLimit = String(repeating: #"{"a":"#, count: 3) + "1" + String(repeating: "}", count: 3)
    #expect(members(withinLimit, maximumDepth: 3).1 == nil)
    #expect(members(withinLimit, maximumDepth: 2).1?.reason == .tooDeep)
}

@Test func jsonScanner_errorNamesTheOffset() {
    let error = members(#"{"a":1,"b":?}"#).1
    #expect(error == JSONScanError(reason: .unexpectedByte, offset: 11))
    #expect(error?.description == "unexpected_byte at byte 11")
}

@Test func jsonScanner_findsStringEndsAtEveryOffsetAndEscapePosition() {
    for length in 0...40 {
        let plain = String(repeating: "a", count: length)
        let (seen, error) = members(#"{"k":"\#(plain)","n":1}"#)
        #expect(error == nil && seen.first?.value == plain, "length \(length)")
        for position in 0...length {
            let prefix = String(plain.prefix(position))
            let suffix = String(plain.dropFirst(position))
            for (escape, decoded) in [(#"\\"#, "\\"), (#"\""#, "\""), (#"\u0041"#, "A")] {
                let (seen, error) = members(#"{"k":"\#(prefix)\#(escape)\#(suffix)","n":1}"#)
                #expect(error == nil && seen.first?.value == prefix + decoded + suffix, "\(length) \(position)")
            }
        }
    }
}

@Test func jsonScanner_reportsBadStringsAfterLongPlainRuns() {
    let run = String(repeating: "x", count: 37)
    #expect(scanError(#"{"a":"\#(run)\q","b":"c"}"#) == .invalidEscape)
    #expect(scanError(#"{"a":"\#(run)\q"#) == .unexpectedEnd)
    #expect(scanError(#"{"a":"\#(run)\"# + "\"" + run) == .unexpectedEnd)
    #expect(members(#"{"a":"\#(run)\q"#).1 == JSONScanError(reason: .unexpectedEnd, offset: 45))
}
