/// Byte-level answers about short values an event carries (host names, process paths, field
/// words), for the common case where they are printable ASCII. Each answer that does not hold
/// for plain ASCII sends the caller to its general `String` path, so the fast path never
/// changes a result, it only skips work.
enum PlainText {
    /// True when every byte is printable ASCII (0x20-0x7E): no control characters, no DEL, and
    /// nothing `replacingControlCharacters` or Unicode case mapping would treat specially.
    static func isPrintableASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index + 8 <= bytes.count {
            guard isPrintableASCII(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) else { return false }
            index += 8
        }
        for byte in bytes[index...] where byte < 0x20 || byte >= 0x7F { return false }
        return true
    }

    /// Whether all eight bytes of `word` are printable ASCII. Borrows and carries may cross
    /// bytes, but only out of a byte that already failed, so the answer for the word is exact.
    private static func isPrintableASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = ones &* 0x80
        let belowSpace = (word &- ones &* 0x20) & ~word & highs
        let deleteOrAbove = (word &+ ones) | word
        return (belowSpace | deleteOrAbove & highs) == 0
    }

    /// `isPrintableASCII` over a string's UTF-8, read in place.
    static func isPrintableASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isPrintableASCII(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes as a `String` with ASCII capitals lowered; only for printable ASCII bytes.
    static func lowercasedASCII(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { output in
            for index in 0..<bytes.count {
                let byte = bytes[index]
                output[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            }
            return bytes.count
        }
    }

    /// ASCII case-insensitive equality of two byte runs.
    static func equalIgnoringCase(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {
        guard first.count == second.count else { return false }
        guard first.count >= 8 else {
            for index in 0..<first.count where folded(first[index]) != folded(second[index]) { return false }
            return true
        }
        // A word at a time; the last word overlaps the one before it rather than reading past the end.
        var offset = 0
        while true {
            let firstWord = foldedWord(first.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            guard firstWord == foldedWord(second.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) else {
                return false
            }
            if offset == first.count - 8 { return true }
            offset = min(offset + 8, first.count - 8)
        }
    }

    /// ASCII case-insensitive equality of a string and a literal, without copying either.
    static func equalIgnoringCase(_ text: String, _ literal: StaticString) -> Bool {
        var text = text
        let other = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return text.withUTF8 { equalIgnoringCase(UnsafeRawBufferPointer($0), other) }
    }

    static func folded(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// `folded` applied to each of the eight bytes of `word` at once: ASCII capitals get their
    /// 0x20 bit, every other byte (non-ASCII included) stays as it is.
    static func foldedWord(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = ones &* 0x80
        // Seven-bit values plus these offsets never carry into the next byte.
        let sevenBits = word & ~highs
        let atLeastA = sevenBits &+ ones &* (0x80 - 0x41)
        let aboveZ = sevenBits &+ ones &* (0x80 - 0x5B)
        let capitals = atLeastA & ~aboveZ & ~word & highs
        return word | capitals >> 2
    }
}
