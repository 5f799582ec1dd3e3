import Testing
@testable import Receiving

@Suite struct TCPFramerTests {
    @Test func tcpFramer_keepsDigitStartLineAsLine_case01() throws {
        expectFrames(try Fixtures.bugInput("01"), [
            CapturedFrame("2024-12-04 15:30:00 proxy01 GET /index.html 200", .lineFeed),
            CapturedFrame("<14>Dec  4 15:30:01 proxy01 app: second message", .lineFeed),
        ])
    }

    @Test func tcpFramer_acceptsLineFeedFraming_case03() throws {
        expectFrames(try Fixtures.bugInput("03"), [
            CapturedFrame("<14>Dec  4 15:30:00 win01 nxlog: plain LF framed message", .lineFeed),
        ])
    }

    @Test func tcpFramer_keepsNULNotFollowedByLessThan_case04() throws {
        expectFrames(try Fixtures.bugInput("04"), [
            CapturedFrame("<14>Dec  4 15:30:00 host01 app: field1=a\u{0}field2=b", .lineFeed),
            CapturedFrame("<14>Dec  4 15:30:01 host01 app: next", .lineFeed),
        ])
    }

    @Test func tcpFramer_cutsOversizeLineOnce_case05() throws {
        let stream = try Fixtures.bugInput("05")
        let head = Array(stream.prefix(4096))
        expectFrames(stream, [
            CapturedFrame(head, FrameInfo(framing: .lineFeed, truncated: true, originalLength: 10032)),
            CapturedFrame("<14>Dec  4 15:30:01 host01 app: after oversize", .lineFeed),
        ], maximumMessageBytes: 4096, chunkSizes: spreadOfChunkSizes(upTo: stream.count))
    }

    @Test func tcpFramer_skipsRestOfOversizeCountedFrame_case06() throws {
        let stream = try Fixtures.bugInput("06")
        let head = Array(stream[6..<(6 + 4096)])
        expectFrames(stream, [
            CapturedFrame(head, FrameInfo(framing: .octetCounted, truncated: true, originalLength: 12044)),
            CapturedFrame("<13>1 2024-12-04T15:30:01Z host01 app - - - after oversize frame", .octetCounted),
        ], maximumMessageBytes: 4096, chunkSizes: spreadOfChunkSizes(upTo: stream.count))
    }

    @Test func tcpFramer_framesEveryRepeatedLine_case28() throws {
        let line = try Fixtures.bugInput("28")
        let repeats = 3_000
        let stream = repeated(line, count: repeats)
        let frame = CapturedFrame(Array(line.dropLast()), FrameInfo(framing: .lineFeed, originalLength: line.count - 1))
        expectFrames(
            stream, Array(repeating: frame, count: repeats), chunkSizes: spreadOfChunkSizes(upTo: stream.count))
    }

    @Test func tcpFramer_mixesFramingsOnOneStream() {
        let stream = Array("11 <14>hello A<14>line B\r\n\n\r\n9 <1>abcdef<1>nul end\u{0}<1>last".utf8)
        expectFrames(stream, [
            CapturedFrame("<14>hello A", .octetCounted),
            CapturedFrame("<14>line B", .lineFeed),
            CapturedFrame("<1>abcdef", .octetCounted),
            CapturedFrame("<1>nul end", .lineFeed),
            CapturedFrame("<1>last", .lineFeed),
        ])
    }

    @Test func tcpFramer_treatsMalformedCountsAsLines() {
        let stream = Array("1234567890 <1>ten digits\n0 <1>zero\n12 x\n12  <1>two spaces\n42\n".utf8)
        expectFrames(stream, [
            CapturedFrame("1234567890 <1>ten digits", .lineFeed),
            CapturedFrame("0 <1>zero", .lineFeed),
            CapturedFrame("12 x", .lineFeed),
            CapturedFrame("12  <1>two spaces", .lineFeed),
            CapturedFrame("42", .lineFeed),
        ])
    }

    @Test func tcpFramer_countNeverSwallowsMoreThanItCounts() {
        let stream = Array("5 <1>abcdef\n<2>next\n".utf8)
        expectFrames(stream, [
            CapturedFrame("<1>ab", .octetCounted),
            CapturedFrame("cdef", .lineFeed),
            CapturedFrame("<2>next", .lineFeed),
        ])
    }

    @Test func tcpFramer_flagsCountedFrameCutByEndOfStream() {
        let stream = Array("<1>first\n100 <1>only part".utf8)
        expectFrames(stream, [
            CapturedFrame("<1>first", .lineFeed),
            CapturedFrame("<1>only part", .octetCounted, truncated: true, originalLength: 100),
        ])
    }

    @Test func tcpFramer_emitsLastLineWithoutLineFeed() {
        expectFrames(Array("<1>a\n<1>no newline\u{0}".utf8), [
            CapturedFrame("<1>a", .lineFeed),
            CapturedFrame("<1>no newline", .lineFeed),
        ])
        expectFrames(Array("<1>a\n123".utf8), [CapturedFrame("<1>a", .lineFeed), CapturedFrame("123", .lineFeed)])
    }

    @Test func tcpFramer_keepsLineOfExactlyMaximumWithCRLF() {
        let body = String(repeating: "q", count: 16)
        expectFrames(Array("\(body)\r\n\(body)x\r\n".utf8), [
            CapturedFrame(body, .lineFeed),
            CapturedFrame(body, .lineFeed, truncated: true, originalLength: 17),
        ], maximumMessageBytes: 16)
    }

    @Test func tcpFramer_truncatesLongDigitHeaderLine_whenLimitIsTiny() {
        expectFrames(Array("123456789 x\n6 <1>abc".utf8), [
            CapturedFrame("1234", .lineFeed, truncated: true, originalLength: 11),
            CapturedFrame("<1>a", .octetCounted, truncated: true, originalLength: 6),
        ], maximumMessageBytes: 4)
    }

    /// Found by the framing fuzz target: a NUL before the delimiting NUL was dropped only when
    /// the delimiter and the `<` after it arrived in one chunk.
    @Test func tcpFramer_dropsOnlyDelimitingNUL_whateverTheChunking() {
        expectFrames(Array("<1>a\u{0}\u{0}<1>b".utf8), [
            CapturedFrame("<1>a\u{0}", .lineFeed),
            CapturedFrame("<1>b", .lineFeed),
        ])
        let fuzzed = [UInt8](repeating: 0x00, count: 118) + [0x3C, 0x62, 0x83, 0x20]
        expectFrames(fuzzed, [
            CapturedFrame([0x00, 0x00], FrameInfo(framing: .lineFeed, truncated: true, originalLength: 117)),
            CapturedFrame([0x3C, 0x62], FrameInfo(framing: .lineFeed, truncated: true, originalLength: 4)),
        ], maximumMessageBytes: 2)
    }

    @Test func tcpFramer_pointsIntoChunk_whenFrameLiesInside() {
        var framer = TCPFramer(maximumMessageBytes: 1024)
        let stream = Array("<1>one\n8 <1>two!\n".utf8)
        var insideChunk = 0
        stream.withUnsafeBytes { chunk in
            let range = UInt(bitPattern: chunk.baseAddress!)..<UInt(bitPattern: chunk.baseAddress! + chunk.count)
            framer.consume(chunk) { frame, _ in
                if range.contains(UInt(bitPattern: frame.baseAddress!)) { insideChunk += 1 }
            }
        }
        #expect(insideChunk == 2)
    }
}
