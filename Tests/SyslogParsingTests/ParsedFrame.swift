import Foundation
import SyslogParsing
import Testing
import WFPCore

/// One frame and its parsed header, with the header's ranges materialized for assertions.
struct ParsedFrame {
    let bytes: [UInt8]
    let header: SyslogHeader

    init(_ bytes: [UInt8], parser: SyslogParser = SyslogParser(), receivedAt: Timestamp = .reference) {
        self.bytes = bytes
        self.header = bytes.withUnsafeBytes { parser.parse($0, receivedAt: receivedAt) }
    }

    init(_ text: String, parser: SyslogParser = SyslogParser(), receivedAt: Timestamp = .reference) {
        self.init(Array(text.utf8), parser: parser, receivedAt: receivedAt)
    }

    func text(
        _ range: Range<Int>?, invalidBytes: SyslogText.InvalidByteDecoding = .replacementCharacter
    ) -> String? {
        guard let range else { return nil }
        return bytes.withUnsafeBytes { SyslogText.string(range, in: $0, invalidBytes: invalidBytes) }
    }

    var hostname: String? { text(header.hostname) }
    var appName: String? { text(header.appName) }
    var procID: String? { text(header.procID) }
    var msgID: String? { text(header.msgID) }
    var structuredData: String? { text(header.structuredData) }
    var message: String { text(header.message) ?? "" }

    /// Every range of the header lies inside the frame.
    var rangesAreInsideFrame: Bool {
        let ranges = [
            header.hostname, header.appName, header.procID, header.msgID, header.structuredData, header.message,
        ]
        return ranges.allSatisfy { range in
            guard let range else { return true }
            return range.lowerBound >= 0 && range.upperBound <= bytes.count
        }
    }
}

extension Timestamp {
    /// The receive time most tests use: a few seconds after the frames' own times.
    static let reference = Timestamp.at("2024-12-04T15:30:05Z")

    /// An RFC 3339 time, for expectations.
    static func at(_ text: String) -> Timestamp {
        let parsed = Array(text.utf8).withUnsafeBytes { DateTimeText.parse($0) }
        precondition(parsed?.length == text.utf8.count, "not an RFC 3339 time: \(text)")
        return parsed!.timestamp
    }
}

/// The raw inputs in shared/bug-inputs, cut into frames the way the framer would.
enum BugInput {
    static func bytes(_ number: String) throws -> [UInt8] {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = packageRoot.appendingPathComponent("../shared/bug-inputs/\(number).bin").standardizedFileURL
        return Array(try Data(contentsOf: file))
    }

    /// The LF-separated frames of a newline-framed input, without their LFs.
    static func lines(_ number: String) throws -> [[UInt8]] {
        try bytes(number).split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
    }

    /// The body of a single octet-counted frame (`LEN SP body`).
    static func octetCountedBody(_ number: String) throws -> [UInt8] {
        let all = try bytes(number)
        let space = try #require(all.firstIndex(of: 0x20))
        let length = try #require(Int(String(decoding: all[..<space], as: UTF8.self)))
        let body = Array(all[(space + 1)...])
        try #require(body.count == length)
        return body
    }
}
