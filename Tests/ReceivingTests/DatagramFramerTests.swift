import Testing
@testable import Receiving

@Suite struct DatagramFramerTests {
    func frame(_ text: String, maximumMessageBytes: Int = 1024) -> CapturedFrame? {
        Array(text.utf8).withUnsafeBytes { datagram in
            DatagramFramer.frame(datagram, maximumMessageBytes: maximumMessageBytes).map {
                CapturedFrame(Array($0.bytes), $0.info)
            }
        }
    }

    @Test func datagramFramer_removesOneTrailingLineEnd() {
        #expect(frame("<1>a\n") == CapturedFrame("<1>a", .datagram))
        #expect(frame("<1>a\r\n") == CapturedFrame("<1>a", .datagram))
        #expect(frame("<1>a\n\n") == CapturedFrame("<1>a\n", .datagram))
        #expect(frame("<1>a\r") == CapturedFrame("<1>a\r", .datagram))
        #expect(frame("<1>a\n\u{0}") == CapturedFrame("<1>a", .datagram))
    }

    @Test func datagramFramer_keepsInnerLineStructure_case22() throws {
        let datagram = try Fixtures.bugInput("22")
        let framed = datagram.withUnsafeBytes { DatagramFramer.frame($0, maximumMessageBytes: 65_536) }
        let bytes = try #require(framed.map { Array($0.bytes) })
        #expect(bytes == Array(datagram.dropLast(2)))
        #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n\tSecurity ID:\t\tS-1-0-0\r\n"))
    }

    @Test func datagramFramer_flagsTruncated_whenOverLimit() {
        #expect(frame("<1>abcdefgh\n", maximumMessageBytes: 5)
            == CapturedFrame("<1>ab", .datagram, truncated: true, originalLength: 11))
    }

    @Test func datagramFramer_skipsEmptyDatagram() {
        #expect(frame("") == nil)
        #expect(frame("\r\n") == nil)
    }
}
