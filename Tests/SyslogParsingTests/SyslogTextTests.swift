import SyslogParsing
import Testing

@Suite struct SyslogTextTests {
    private func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { SyslogText.isValidUTF8($0) }
    }

    private func decode(_ bytes: [UInt8], _ decoding: SyslogText.InvalidByteDecoding) -> String {
        bytes.withUnsafeBytes { SyslogText.string(0..<bytes.count, in: $0, invalidBytes: decoding) }
    }

    @Test func isValidUTF8_acceptsASCIIAndMultibyteText_ofEveryAlignment() {
        let text = Array("plain ascii run of some length, then é – 😀 and more ascii after it".utf8)
        for start in 0..<16 {
            #expect(isValid(Array(text[start...])))
        }
        #expect(isValid([]))
    }

    @Test(
        arguments: [
            [0xE0, 0xF0, 0x91], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x80], [0xFF],
        ] as [[UInt8]])
    func isValidUTF8_rejectsMalformedSequence_afterLongASCIIRun(sequence: [UInt8]) {
        #expect(!isValid(Array("0123456789abcdef".utf8) + sequence))
        #expect(!isValid(sequence + Array("0123456789abcdef".utf8)))
    }

    @Test func isValidUTF8_findsAStrayByte_atEveryOffsetOfALongASCIIRun() {
        // Long runs are read 32 bytes a step, then word by word, then byte by byte: each must see it.
        let run = Array(repeating: UInt8(ascii: "a"), count: 80)
        #expect(isValid(run))
        for offset in 0..<run.count {
            var bytes = run
            bytes[offset] = 0xFF
            #expect(!isValid(bytes), "stray byte at \(offset)")
        }
    }

    @Test func isValidUTF8_acceptsBoundaryScalars() {
        #expect(isValid([0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEF, 0xBF, 0xBF]))
        #expect(isValid([0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF]))
    }

    @Test func string_replacesInvalidBytes_byDefault() {
        #expect(decode(Array("caf".utf8) + [0xE9], .replacementCharacter) == "caf\u{FFFD}")
    }

    @Test func string_readsInvalidBytesAsWindows1252_whenAsked() {
        let bytes = Array("caf".utf8) + [0xE9, 0x20, 0x80, 0x20, 0x9D, 0x20] + Array("naïve".utf8)
        #expect(decode(bytes, .windows1252) == "café € \u{FFFD} naïve")
    }

    @Test func string_clampsRange_toFrame() {
        let bytes = Array("abc".utf8)
        #expect(bytes.withUnsafeBytes { SyslogText.string(1..<10, in: $0) } == "bc")
    }
}
