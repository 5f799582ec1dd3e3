import Testing
@testable import WFPCore

private func decoding<T>(
    _ bytes: [UInt8], _ read: (inout StateDecoder) throws(StateFileError) -> T
) -> Result<T, StateFileError> {
    bytes.withUnsafeBytes { buffer in
        var decoder = StateDecoder(buffer)
        return Result { () throws(StateFileError) in try read(&decoder) }
    }
}

@Test func stateEncoder_writesLittleEndianIntegers_andLengthPrefixedStrings() {
    var encoder = StateEncoder()
    encoder.write(UInt32(0x0102_0304))
    encoder.write(Int64(-2))
    encoder.write("hé")
    let minusTwo: [UInt8] = [0xFE] + [UInt8](repeating: 0xFF, count: 7)
    #expect(encoder.bytes == [4, 3, 2, 1] + minusTwo + [3, 0, 0, 0, 0x68, 0xC3, 0xA9])
}

@Test func stateEncoder_patchesSectionLength() throws {
    var encoder = StateEncoder()
    encoder.writeSection(tag: 7) { $0.write(UInt16(9)); $0.write("ab") }
    #expect(encoder.bytes == [7, 8, 0, 0, 0, 9, 0, 2, 0, 0, 0, 0x61, 0x62])

    let section = try decoding(encoder.bytes) { decoder throws(StateFileError) -> String in
        guard let (tag, body) = try decoder.nextSection() else { return "no section" }
        var reader = body
        return "\(tag) \(try reader.readUInt16()) \(try reader.readString("text")) \(reader.isAtEnd)"
    }.get()
    #expect(section == "7 9 ab true")
}

@Test func stateDecoder_refusesStringOverLimit_andCountsOverTheBytesLeft() {
    var long = StateEncoder()
    long.write(UInt32(StateDecoder.maximumStringBytes + 1))
    long.append(raw: [UInt8](repeating: 0x61, count: StateDecoder.maximumStringBytes + 1))
    let string = decoding(long.bytes) { decoder throws(StateFileError) in try decoder.readString("image") }
    #expect(throws: StateFileError.tooLong(
        what: "image", length: StateDecoder.maximumStringBytes + 1, limit: StateDecoder.maximumStringBytes, offset: 0)
    ) { try string.get() }

    var many = StateEncoder()
    many.write(UInt32(1_000))
    many.append(raw: [UInt8](repeating: 0, count: 100))
    let count = decoding(many.bytes) { decoder throws(StateFileError) in
        try decoder.readCount("records", minimumBytesEach: 8)
    }
    #expect(throws: StateFileError.truncated(what: "records", needed: 8_000, available: 100)) { try count.get() }
}

@Test func stateDecoder_reportsTruncatedInteger() {
    let result = decoding([1, 2, 3]) { decoder throws(StateFileError) in try decoder.readUInt32() }
    #expect(throws: StateFileError.truncated(what: "4-byte integer", needed: 4, available: 3)) { try result.get() }
}
