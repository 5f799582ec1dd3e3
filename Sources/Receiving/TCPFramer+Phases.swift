#if canImport(Glibc)
import Glibc
#endif

private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let nul: UInt8 = 0x00
private let space: UInt8 = 0x20
private let lessThan: UInt8 = 0x3C
private let digitZero: UInt8 = 0x30
private let digitNine: UInt8 = 0x39

/// The longest MSG-LEN taken as an octet count; more digits mean the line is not counted.
private let maximumCountDigits = 9

enum FrameHeader: Equatable {
    case octetCounted(length: Int, headerBytes: Int)
    case lineFeed
    case needMoreBytes
}

extension TCPFramer {
    /// Decides the framing of a frame from its first bytes: `digits SP <` is octet counting.
    static func classifyHeader(_ bytes: UnsafeRawBufferPointer) -> FrameHeader {
        var digits = 0
        var length = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if index == digits && byte >= digitZero && byte <= digitNine {
                guard !(index == 0 && byte == digitZero), digits < maximumCountDigits else { return .lineFeed }
                digits += 1
                length = length * 10 + Int(byte - digitZero)
                continue
            }
            if index == 0 || (index == digits && byte != space) { return .lineFeed }
            if index == digits + 1 {
                return byte == lessThan ? .octetCounted(length: length, headerBytes: digits + 1) : .lineFeed
            }
        }
        return .needMoreBytes
    }

    mutating func startFrame(_ chunk: UnsafeRawBufferPointer, at position: Int) -> Int {
        let first = chunk[position]
        guard first > digitZero && first <= digitNine else {
            phase = .line(LineProgress(length: 0, lastByte: 0))
            return position
        }

        let lookahead = UnsafeRawBufferPointer(rebasing: chunk[position..<min(chunk.count, position + 11)])
        switch Self.classifyHeader(lookahead) {
        case .octetCounted(let length, let headerBytes):
            phase = .counted(CountedProgress(expectedLength: length, seenLength: 0, emitted: false))
            return position + headerBytes
        case .lineFeed:
            phase = .line(LineProgress(length: 0, lastByte: 0))
            return position
        case .needMoreBytes:
            carried.append(contentsOf: lookahead)
            phase = .header
            return chunk.count
        }
    }

    /// Adds bytes to an undecided header one at a time; the deciding byte is left in the chunk.
    mutating func continueHeader(_ chunk: UnsafeRawBufferPointer, at position: Int) -> Int {
        var next = position
        while next < chunk.count {
            carried.append(chunk[next])
            next += 1
            switch carried.withUnsafeBytes({ Self.classifyHeader($0) }) {
            case .needMoreBytes:
                continue
            case .octetCounted(let length, _):
                carried.removeAll(keepingCapacity: true)
                phase = .counted(CountedProgress(expectedLength: length, seenLength: 0, emitted: false))
                return next - 1
            case .lineFeed:
                carried.removeLast()
                let progress = LineProgress(length: carried.count, lastByte: carried.last ?? 0)
                carried.removeSubrange(min(carried.count, maximumMessageBytes)...)
                phase = .line(progress)
                return next - 1
            }
        }
        return next
    }

    mutating func continueLine(
        _ progress: LineProgress, _ chunk: UnsafeRawBufferPointer, at position: Int,
        _ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void
    ) -> Int {
        // A NUL that ended the previous chunk was a delimiter if the next frame starts here.
        if progress.length > 0 && progress.lastByte == nul && chunk[position] == lessThan {
            emitCarriedLine(length: progress.length, lastByte: nul, emit)
            return position
        }

        guard let end = Self.findLineEnd(chunk, from: position) else {
            appendCapped(UnsafeRawBufferPointer(rebasing: chunk[position...]))
            let length = progress.length + chunk.count - position
            phase = .line(LineProgress(length: length, lastByte: chunk[chunk.count - 1]))
            return chunk.count
        }

        let content = UnsafeRawBufferPointer(rebasing: chunk[position..<end.contentEnd])
        if progress.length == 0 {
            phase = .frameStart
            emitLine(content, length: content.count, lastByte: content.last ?? 0, emit)
        } else {
            appendCapped(content)
            emitCarriedLine(length: progress.length + content.count, lastByte: content.last ?? progress.lastByte, emit)
        }
        return end.nextFrame
    }

    /// Where the line starting at `position` ends: at LF, or at a NUL followed by `<`. Nil when
    /// the chunk ends first. A delimiting NUL stays in the content, where `emitLine` drops it as
    /// the trailing NUL, just as when the NUL ends a chunk and the `<` starts the next one.
    static func findLineEnd(
        _ chunk: UnsafeRawBufferPointer, from position: Int
    ) -> (contentEnd: Int, nextFrame: Int)? {
        let base = chunk.baseAddress!
        let lineFeedAt = memchr(base + position, Int32(lineFeed), chunk.count - position)
            .map { base.distance(to: UnsafeRawPointer($0)) }
        let limit = lineFeedAt ?? chunk.count

        var searchFrom = position
        while searchFrom < limit, let found = memchr(base + searchFrom, Int32(nul), limit - searchFrom) {
            let nulAt = base.distance(to: UnsafeRawPointer(found))
            if nulAt + 1 < chunk.count && chunk[nulAt + 1] == lessThan { return (nulAt + 1, nulAt + 1) }
            searchFrom = nulAt + 1
        }
        return lineFeedAt.map { ($0, $0 + 1) }
    }

    mutating func continueCounted(
        _ progress: CountedProgress, _ chunk: UnsafeRawBufferPointer, at position: Int,
        _ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void
    ) -> Int {
        var progress = progress
        let taken = min(progress.expectedLength - progress.seenLength, chunk.count - position)
        let headLength = min(progress.expectedLength, maximumMessageBytes)
        let info = FrameInfo(
            framing: .octetCounted, truncated: progress.expectedLength > maximumMessageBytes,
            originalLength: progress.expectedLength)

        if !progress.emitted {
            if progress.seenLength == 0 && taken >= headLength {
                // The frame, or as much of it as is handed on, lies in this chunk.
                emit(UnsafeRawBufferPointer(rebasing: chunk[position..<position + headLength]), info)
                progress.emitted = true
            } else {
                appendCapped(UnsafeRawBufferPointer(rebasing: chunk[position..<position + taken]))
                if carried.count == headLength {
                    carried.withUnsafeBytes { emit($0, info) }
                    carried.removeAll(keepingCapacity: true)
                    progress.emitted = true
                }
            }
        }

        progress.seenLength += taken
        phase = progress.seenLength == progress.expectedLength ? .frameStart : .counted(progress)
        return position + taken
    }

    /// Hands on the carried line and starts a new frame.
    mutating func emitCarriedLine(
        length: Int, lastByte: UInt8, _ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void
    ) {
        phase = .frameStart
        carried.withUnsafeBytes { emitLine($0, length: length, lastByte: lastByte, emit) }
        carried.removeAll(keepingCapacity: true)
    }

    /// Emits an LF-framed line of `length` bytes whose first bytes are in `head`, dropping one
    /// trailing CR or NUL and skipping empty lines.
    private func emitLine(
        _ head: UnsafeRawBufferPointer, length: Int, lastByte: UInt8,
        _ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void
    ) {
        let trailing = length > 0 && (lastByte == carriageReturn || lastByte == nul) ? 1 : 0
        let messageLength = length - trailing
        guard messageLength > 0 else { return }

        let handedOn = min(messageLength, maximumMessageBytes)
        let info = FrameInfo(
            framing: .lineFeed, truncated: messageLength > maximumMessageBytes, originalLength: messageLength)
        emit(UnsafeRawBufferPointer(rebasing: head[0..<handedOn]), info)
    }
}
