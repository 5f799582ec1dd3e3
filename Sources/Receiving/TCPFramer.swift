#if canImport(Glibc)
import Glibc
#endif

/// Cuts a TCP byte stream into syslog messages (RFC 6587), deciding the framing per frame.
///
/// A frame is octet-counted only when it starts with `MSG-LEN SP <` (one to nine digits, no
/// leading zero); anything else is read up to the next LF. In LF framing a trailing CR (or NUL)
/// is dropped, empty lines are skipped, and a NUL ends the frame only when `<` follows it.
///
/// Frames that lie wholly inside a chunk are handed on pointing into that chunk; only a frame
/// that spans chunks is carried, and never more than `maximumMessageBytes` of it. A longer
/// message is handed on once, cut to `maximumMessageBytes` and flagged truncated; the rest of
/// it is skipped and the stream goes on with the next frame.
public struct TCPFramer {
    /// Longest message handed on whole.
    public let maximumMessageBytes: Int

    var phase = Phase.frameStart

    /// True when no frame is in progress: the last byte seen ended a frame (or none came yet).
    public var isBetweenFrames: Bool {
        if case .frameStart = phase { return true }
        return false
    }
    /// The start of a frame (or an undecided header) that began in an earlier chunk.
    var carried: [UInt8] = []

    enum Phase {
        case frameStart
        /// `carried` holds leading digits whose framing is not decided yet.
        case header
        case line(LineProgress)
        case counted(CountedProgress)
    }

    struct LineProgress {
        /// Bytes of the line seen so far, delimiters excluded; `carried` holds the first of them.
        var length: Int
        var lastByte: UInt8
    }

    struct CountedProgress {
        var expectedLength: Int
        var seenLength: Int
        /// The frame (or its truncated head) has been handed on; the rest is skipped.
        var emitted: Bool
    }

    /// - Parameter maximumMessageBytes: longest message handed on whole (at least 1).
    public init(maximumMessageBytes: Int) {
        precondition(maximumMessageBytes > 0, "maximumMessageBytes \(maximumMessageBytes) must be at least 1")
        self.maximumMessageBytes = maximumMessageBytes
    }

    /// Frames the next bytes of the stream. `emit` is called once per complete frame, with bytes
    /// that are valid only during the call (they point into `chunk` or into the framer).
    public mutating func consume(
        _ chunk: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void
    ) {
        var position = 0
        while position < chunk.count {
            switch phase {
            case .frameStart:
                position = startFrame(chunk, at: position)
            case .header:
                position = continueHeader(chunk, at: position)
            case .line(let progress):
                position = continueLine(progress, chunk, at: position, emit)
            case .counted(let progress):
                position = continueCounted(progress, chunk, at: position, emit)
            }
        }
    }

    /// Ends the stream: a last line without LF is a normal frame; an octet-counted frame cut
    /// short is handed on as far as it arrived, flagged truncated.
    public mutating func finish(_ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void) {
        switch phase {
        case .frameStart:
            break
        case .header:
            let length = carried.count
            let lastByte = carried.last ?? 0
            carried.removeSubrange(min(carried.count, maximumMessageBytes)...)
            emitCarriedLine(length: length, lastByte: lastByte, emit)
        case .line(let progress):
            emitCarriedLine(length: progress.length, lastByte: progress.lastByte, emit)
        case .counted(let progress):
            if !progress.emitted && progress.seenLength > 0 {
                let info = FrameInfo(framing: .octetCounted, truncated: true, originalLength: progress.expectedLength)
                carried.withUnsafeBytes { emit($0, info) }
            }
        }
        phase = .frameStart
        carried.removeAll(keepingCapacity: true)
    }

    /// Drops a frame in progress without handing it on (the listener is stopping and the rest of
    /// it will not come). Returns whether there was one.
    @discardableResult
    public mutating func abandon() -> Bool {
        let hadFrame = !isBetweenFrames
        phase = .frameStart
        carried.removeAll(keepingCapacity: true)
        return hadFrame
    }

    /// Appends bytes of the current frame to `carried`, keeping at most `maximumMessageBytes`.
    mutating func appendCapped(_ bytes: UnsafeRawBufferPointer) {
        let room = maximumMessageBytes - carried.count
        guard room > 0, bytes.count > 0 else { return }
        if carried.capacity < maximumMessageBytes && carried.count + bytes.count > carried.capacity {
            carried.reserveCapacity(min(maximumMessageBytes, max(256, 2 * (carried.count + bytes.count))))
        }
        carried.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes.prefix(room)))
    }
}
