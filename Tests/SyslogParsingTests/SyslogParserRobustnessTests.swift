import SyslogParsing
import Testing
import WFPCore

@Suite struct SyslogParserRobustnessTests {
    @Test(arguments: ["<192>1 - h a - - - m", "<1000>m", "<>m", "<14 m", "<-1>m", "<1a>m", "14>m"])
    func syslogParser_treatsBadPriorityAsUnstructured(frame text: String) {
        let frame = ParsedFrame(text)
        #expect(frame.header.format == .unstructured && !frame.header.hasPriority)
        #expect(frame.header.priority == 13 && frame.message == text)
    }

    @Test(arguments: [0, 191])
    func syslogParser_acceptsPriorityBounds(priority: Int) {
        let frame = ParsedFrame("<\(priority)>1 - h a - - - m")
        #expect(frame.header.hasPriority && Int(frame.header.priority) == priority)
    }

    @Test func syslogParser_returnsEmptyMessage_forEmptyFrame() {
        let frame = ParsedFrame([UInt8]())
        #expect(frame.header.format == .unstructured && frame.header.message == 0..<0)
    }

    static let validFrames = [
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [ex@1 a=\"\\]\"][b@2] \u{FEFF}msg",
        "<14>1 - 2001:db8:1:2:: app - - - m",
        "<189>83: *Feb 28 00:20:10.663 UTC: %SYS-5-CONFIG_I: Configured from console by vty0",
        "<14>Dec  4 15:30:00 win01 Microsoft-Windows-Security-Auditing[4]: {\"EventID\":5156}",
        "<12>Dec  4 15:30:00 wsus01.example.test MSWinEventLog#0112#011Application",
        "<14>2024-12-04T15:30:00.123+01:00 host01 app: m",
    ]

    @Test(arguments: validFrames)
    func syslogParser_keepsRangesInsideFrame_forEveryPrefix(text: String) {
        let bytes = Array(text.utf8)
        for length in 0...bytes.count {
            let frame = ParsedFrame(Array(bytes[0..<length]))
            #expect(frame.rangesAreInsideFrame, "prefix of \(length) bytes")
            #expect(frame.header.timestamp > .at("1971-01-01T00:00:00Z"), "prefix of \(length) bytes")
        }
    }

    @Test func syslogParser_keepsRangesInsideFrame_forMutatedFrames() {
        var generator = SplitMix(seed: 0x5EED)
        let alphabet = Array("<>[]\"\\ :-*.#0123456789ZTabcDecJan{}\t\r\n".utf8) + [0x00, 0xE2, 0x80, 0x93, 0xFF]
        for text in Self.validFrames {
            for _ in 0..<300 {
                var bytes = Array(text.utf8)
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let position = Int(generator.next() % UInt64(bytes.count))
                    bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
                let frame = ParsedFrame(bytes)
                #expect(frame.rangesAreInsideFrame, "\(bytes)")
            }
        }
    }
}

/// A small seeded generator, so a failing mutation can be replayed.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
