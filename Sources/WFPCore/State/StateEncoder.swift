/// Writes the saved-state format: little-endian integers, length-prefixed UTF-8 strings and
/// sections (a tag byte and a 32-bit length in front of their bytes), into one growing buffer.
///
/// `StateDecoder` reads it back. Strings are written whole; the decoder enforces the length
/// limits, so a writer never produces what its reader refuses as long as it keeps to
/// `StateDecoder.maximumStringBytes`.
package struct StateEncoder: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init(reservingBytes: Int = 0) {
        bytes.reserveCapacity(reservingBytes)
    }

    package var count: Int { bytes.count }

    // MARK: Scalars

    package mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    package mutating func write(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    package mutating func write(_ value: UInt16) {
        writeLittleEndian(UInt64(value), byteCount: 2)
    }

    package mutating func write(_ value: UInt32) {
        writeLittleEndian(UInt64(value), byteCount: 4)
    }

    package mutating func write(_ value: UInt64) {
        writeLittleEndian(value, byteCount: 8)
    }

    package mutating func write(_ value: Int64) {
        writeLittleEndian(UInt64(bitPattern: value), byteCount: 8)
    }

    package mutating func write(_ value: Timestamp) {
        write(value.nanosecondsSinceEpoch)
    }

    package mutating func write(_ address: IPAddress) {
        write(address.high)
        write(address.low)
    }

    /// A count of items that follow, as 32 bits.
    package mutating func writeCount(_ count: Int) {
        write(UInt32(clamping: count))
    }

    // MARK: Strings and bytes

    /// 32-bit byte length, then the UTF-8 bytes.
    package mutating func write(_ string: String) {
        writeCount(string.utf8.count)
        bytes.append(contentsOf: string.utf8)
    }

    /// A string that may be absent: a presence byte, then the string.
    package mutating func write(optional string: String?) {
        write(string != nil)
        if let string { write(string) }
    }

    /// A number that may be absent: a presence byte, then the number.
    package mutating func write(optional value: UInt32?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// A time that may be absent: a presence byte, then the time.
    package mutating func write(optional time: Timestamp?) {
        write(time != nil)
        if let time { write(time) }
    }

    package mutating func append(raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    // MARK: Sections

    /// Writes a section: `tag`, its length (patched once `body` has written it), its bytes.
    package mutating func writeSection(tag: UInt8, _ body: (inout StateEncoder) -> Void) {
        write(tag)
        let lengthOffset = bytes.count
        write(UInt32(0))
        body(&self)

        let length = UInt32(clamping: bytes.count - lengthOffset - 4)
        for index in 0..<4 {
            bytes[lengthOffset + index] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(index)))
        }
    }

    private mutating func writeLittleEndian(_ value: UInt64, byteCount: Int) {
        for index in 0..<byteCount {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))))
        }
    }
}
