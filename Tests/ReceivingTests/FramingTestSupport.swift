import Foundation
import Testing
@testable import Receiving

/// One frame as a framer handed it on, copied out for comparison.
struct CapturedFrame: Equatable, CustomStringConvertible {
    var bytes: [UInt8]
    var info: FrameInfo

    init(_ bytes: [UInt8], _ info: FrameInfo) {
        self.bytes = bytes
        self.info = info
    }

    init(_ text: String, _ framing: FrameInfo.Framing, truncated: Bool = false, originalLength: Int? = nil) {
        let bytes = Array(text.utf8)
        let info = FrameInfo(framing: framing, truncated: truncated, originalLength: originalLength ?? bytes.count)
        self.init(bytes, info)
    }

    var description: String {
        let text = String(decoding: bytes.prefix(80), as: UTF8.self)
        let flags = "truncated=\(info.truncated) original=\(info.originalLength)"
        return "\(info.framing) \(flags) \(bytes.count)B \(text.debugDescription)"
    }
}

enum Fixtures {
    /// `/work/shared` here and in CI: the package root's parent holds `shared/`.
    static let sharedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    static func bugInput(_ number: String) throws -> [UInt8] {
        let url = sharedDirectory.appendingPathComponent("bug-inputs/\(number).bin")
        return Array(try Data(contentsOf: url))
    }
}

/// Feeds `stream` to a new framer in chunks of `chunkBytes` and returns every frame.
func frameStream(_ stream: [UInt8], chunkBytes: Int, maximumMessageBytes: Int) -> [CapturedFrame] {
    var framer = TCPFramer(maximumMessageBytes: maximumMessageBytes)
    var frames: [CapturedFrame] = []
    let collect = { (frame: UnsafeRawBufferPointer, info: FrameInfo) in
        frames.append(CapturedFrame(Array(frame), info))
    }

    stream.withUnsafeBytes { all in
        var start = 0
        while start < all.count {
            let end = min(all.count, start + chunkBytes)
            framer.consume(UnsafeRawBufferPointer(rebasing: all[start..<end]), collect)
            start = end
        }
    }
    framer.finish(collect)
    return frames
}

/// Asserts that every chunk size in `chunkSizes` yields exactly `expected`.
func expectFrames(
    _ stream: [UInt8], _ expected: [CapturedFrame], maximumMessageBytes: Int = 64 * 1024,
    chunkSizes: [Int]? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    for chunkBytes in chunkSizes ?? Array(1...max(1, stream.count)) {
        let frames = frameStream(stream, chunkBytes: chunkBytes, maximumMessageBytes: maximumMessageBytes)
        guard frames == expected else {
            Issue.record("chunk size \(chunkBytes): got \(frames)", sourceLocation: sourceLocation)
            return
        }
    }
}

/// Every size from 1 to 64, then a spread up to past the stream's length.
func spreadOfChunkSizes(upTo count: Int) -> [Int] {
    var sizes = Array(1...64)
    var size = 67
    while size < count { sizes.append(size); size = size * 5 / 4 + 7 }
    return sizes + [4095, 4096, 4097, count - 1, count, count + 1].filter { $0 > 64 }
}
