import Testing
@testable import EventDecoding

// PlainText reads eight bytes a step; these tests hold it to the one-byte-at-a-time answers
// with every byte value at every position, and every length around the word size.

@Test func plainText_isPrintableASCII_answersAsByteByByte_forEveryByteAtEveryPosition() {
    let base = Array("WS042.Example.TEST-a".utf8)
    for length in 0...base.count {
        for position in 0..<max(length, 1) {
            for value in 0...255 {
                var bytes = Array(base[0..<length])
                if length > 0 { bytes[position] = UInt8(value) }
                let expected = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
                let answer = bytes.withUnsafeBytes { PlainText.isPrintableASCII($0) }
                #expect(answer == expected, "length \(length), byte \(value) at \(position)")
            }
        }
    }
}

@Test func plainText_equalIgnoringCase_answersAsByteByByte_forEveryByteAtEveryPosition() {
    let base = Array("WS042.Example.TEST-a".utf8)
    let lowered = base.map(PlainText.folded)
    for length in 0...base.count {
        let other = Array(lowered[0..<length])
        #expect(equal(Array(base[0..<length]), other), "length \(length)")
        for position in 0..<length {
            for value in 0...255 {
                var bytes = Array(base[0..<length])
                bytes[position] = UInt8(value)
                let expected = PlainText.folded(UInt8(value)) == other[position]
                #expect(equal(bytes, other) == expected, "length \(length), byte \(value) at \(position)")
            }
        }
    }
    #expect(!equal(Array("ws042.example.test".utf8), Array("ws042.example.tes".utf8)))
}

private func equal(_ first: [UInt8], _ second: [UInt8]) -> Bool {
    first.withUnsafeBytes { firstBytes in
        second.withUnsafeBytes { PlainText.equalIgnoringCase(firstBytes, $0) }
    }
}
