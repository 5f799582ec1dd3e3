import Receiving

/// The outcome of one framing run, for the corpus tests.
package struct FramingOutcome: Equatable, Sendable {
    /// Frames the TCP framer handed on for the stream.
    package var tcpFrames: Int
    /// True when the datagram framer produced a frame for the whole input.
    package var datagramFramed: Bool
}

extension FuzzEntries {
    /// Frame limits the first input byte chooses from: tiny ones reach the truncation paths.
    private static let maximumMessageByteChoices = [1, 2, 3, 8, 17, 64, 480, 4096]

    /// Frames the input as a TCP stream and as one datagram.
    ///
    /// Byte 0 picks `maximumMessageBytes`; bytes 1–4 are a cycle of chunk sizes (0 meaning "all
    /// the rest"); the remaining bytes are the stream. The stream is framed once in a single
    /// chunk and once in those chunks, and both runs must hand on the same frames.
    package static func framing(_ input: UnsafeRawBufferPointer) -> FramingOutcome {
        guard input.count >= 5 else {
            return FramingOutcome(tcpFrames: 0, datagramFramed: datagramFrame(input, maximumMessageBytes: 64))
        }
        let maximumMessageBytes = maximumMessageByteChoices[Int(input[0]) % maximumMessageByteChoices.count]
        let chunkSizes = [Int(input[1]), Int(input[2]), Int(input[3]), Int(input[4])]
        let stream = UnsafeRawBufferPointer(rebasing: input[5...])

        let whole = tcpFrames(stream, maximumMessageBytes: maximumMessageBytes, chunkSizes: [0])
        let chunked = tcpFrames(stream, maximumMessageBytes: maximumMessageBytes, chunkSizes: chunkSizes)
        require(whole == chunked, "frames differ between one chunk and chunk sizes \(chunkSizes)")

        let framed = datagramFrame(stream, maximumMessageBytes: maximumMessageBytes)
        return FramingOutcome(tcpFrames: whole.count, datagramFramed: framed)
    }

    /// What a framing run handed on, folded into a digest so runs compare without copying frames.
    private struct FramesDigest: Equatable {
        var count = 0
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add(_ bytes: UnsafeRawBufferPointer, _ info: FrameInfo) {
            count += 1
            for byte in bytes { mix(UInt64(byte)) }
            mix(UInt64(bytes.count))
            mix(UInt64(info.originalLength) << 2 | (info.truncated ? 1 : 0))
            mix(info.framing == .octetCounted ? 1 : 2)
        }

        private mutating func mix(_ value: UInt64) {
            hash = (hash ^ value) &* 0x100_0000_01b3
        }
    }

    private static func tcpFrames(
        _ stream: UnsafeRawBufferPointer, maximumMessageBytes: Int, chunkSizes: [Int]
    ) -> FramesDigest {
        var framer = TCPFramer(maximumMessageBytes: maximumMessageBytes)
        var digest = FramesDigest()
        let capture = { (bytes: UnsafeRawBufferPointer, info: FrameInfo) in
            checkFrame(bytes, info, maximumMessageBytes: maximumMessageBytes)
            digest.add(bytes, info)
        }

        var position = 0
        var turn = 0
        while position < stream.count {
            let size = chunkSizes[turn % chunkSizes.count]
            let end = size == 0 ? stream.count : min(stream.count, position + size)
            framer.consume(UnsafeRawBufferPointer(rebasing: stream[position..<end]), capture)
            position = end
            turn += 1
        }
        framer.finish(capture)
        require(framer.isBetweenFrames, "framer not between frames after finish")
        return digest
    }

    private static func datagramFrame(_ datagram: UnsafeRawBufferPointer, maximumMessageBytes: Int) -> Bool {
        guard let frame = DatagramFramer.frame(datagram, maximumMessageBytes: maximumMessageBytes) else {
            return false
        }
        checkFrame(frame.bytes, frame.info, maximumMessageBytes: maximumMessageBytes)
        require(frame.info.originalLength <= datagram.count, "datagram frame longer than the datagram")
        return true
    }

    /// A frame is never empty, never over the limit, and whole unless flagged truncated.
    private static func checkFrame(_ bytes: UnsafeRawBufferPointer, _ info: FrameInfo, maximumMessageBytes: Int) {
        require(bytes.count <= maximumMessageBytes, "frame of \(bytes.count) bytes over \(maximumMessageBytes)")
        require(bytes.count <= info.originalLength, "frame of \(bytes.count) bytes, original \(info.originalLength)")
        if !info.truncated {
            require(bytes.count == info.originalLength, "untruncated frame \(bytes.count) != \(info.originalLength)")
        }
    }
}
