/// Reads what `StateEncoder` wrote, from a byte buffer the caller keeps alive, checking every
/// length against the bytes left and a limit, so a damaged file fails with a `StateFileError`
/// instead of crashing or allocating without bound.
package struct StateDecoder {
    /// Longest string accepted (a command line is cut to 8 KiB before it is kept).
    package static let maximumStringBytes = 65_536

    private let buffer: UnsafeRawBufferPointer
    package private(set) var offset = 0

    package init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    package var remainingBytes: Int { buffer.count - offset }
    package var isAtEnd: Bool { offset >= buffer.count }

    // MARK: Scalars

    package mutating func readUInt8() throws(StateFileError) -> UInt8 {
        UInt8(truncatingIfNeeded: try readLittleEndian(byteCount: 1))
    }

    package mutating func readBool() throws(StateFileError) -> Bool {
        let byte = try readUInt8()
        guard byte <= 1 else { throw .invalidValue(what: "flag", value: String(byte), offset: offset - 1) }
        return byte == 1
    }

    package mutating func readUInt16() throws(StateFileError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readLittleEndian(byteCount: 2))
    }

    package mutating func readUInt32() throws(StateFileError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(byteCount: 4))
    }

    package mutating func readUInt64() throws(StateFileError) -> UInt64 {
        try readLittleEndian(byteCount: 8)
    }

    package mutating func readInt64() throws(StateFileError) -> Int64 {
        Int64(bitPattern: try readLittleEndian(byteCount: 8))
    }

    package mutating func readTimestamp() throws(StateFileError) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: try readInt64())
    }

    package mutating func readAddress() throws(StateFileError) -> IPAddress {
        let high = try readUInt64()
        return IPAddress(high: high, low: try readUInt64())
    }

    /// A count of items that each take at least `minimumBytesEach` bytes: refused when the
    /// bytes left cannot hold that many, or when it is over `limit`.
    package mutating func readCount(
        _ what: String, minimumBytesEach: Int, limit: Int = Int(UInt32.max)
    ) throws(StateFileError) -> Int {
        let start = offset
        let count = Int(try readUInt32())
        guard count <= limit else { throw .tooLong(what: what, length: count, limit: limit, offset: start) }
        guard count * max(minimumBytesEach, 1) <= remainingBytes else {
            throw .truncated(what: what, needed: count * max(minimumBytesEach, 1), available: remainingBytes)
        }
        return count
    }

    // MARK: Strings and bytes

    package mutating func readString(_ what: String) throws(StateFileError) -> String {
        let length = try readCount(what, minimumBytesEach: 1, limit: Self.maximumStringBytes)
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + length])
        offset += length
        return String(decoding: bytes, as: UTF8.self)
    }

    package mutating func readOptionalString(_ what: String) throws(StateFileError) -> String? {
        try readBool() ? try readString(what) : nil
    }

    package mutating func readOptionalUInt32() throws(StateFileError) -> UInt32? {
        try readBool() ? try readUInt32() : nil
    }

    package mutating func readOptionalTimestamp() throws(StateFileError) -> Timestamp? {
        try readBool() ? try readTimestamp() : nil
    }

    /// The next `count` bytes, without copying; valid while the caller's buffer is.
    package mutating func readBytes(_ what: String, count: Int) throws(StateFileError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remainingBytes else {
            throw .truncated(what: what, needed: count, available: remainingBytes)
        }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
        offset += count
        return bytes
    }

    // MARK: Sections

    /// The next section's tag and a decoder over its bytes alone; nil at the end.
    package mutating func nextSection() throws(StateFileError) -> (tag: UInt8, body: StateDecoder)? {
        guard !isAtEnd else { return nil }
        let tag = try readUInt8()
        let length = Int(try readUInt32())
        let body = try readBytes("section \(tag)", count: length)
        return (tag, StateDecoder(body))
    }

    /// Refuses bytes left over after a section's known contents.
    package func expectEnd(_ what: String) throws(StateFileError) {
        guard isAtEnd else {
            throw .invalidValue(what: what, value: "\(remainingBytes) bytes left over", offset: offset)
        }
    }

    private mutating func readLittleEndian(byteCount: Int) throws(StateFileError) -> UInt64 {
        guard remainingBytes >= byteCount else {
            throw .truncated(what: "\(byteCount)-byte integer", needed: byteCount, available: remainingBytes)
        }
        var value: UInt64 = 0
        for index in 0..<byteCount {
            value |= UInt64(buffer[offset + index]) << (8 * UInt64(index))
        }
        offset += byteCount
        return value
    }
}
