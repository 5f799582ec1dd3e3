/// Decodes the XML entities Windows event XML uses: `&lt; &gt; &amp; &quot; &apos;` and
/// character references `&#NN;` / `&#xHH;`. Anything else after `&` is kept as written.
enum EventXMLEntities {
    /// Longest entity body looked at after `&` (`#x10FFFF` is eight bytes).
    private static let maximumEntityBytes = 10

    private static let named: [([UInt8], UInt8)] = [
        (Array("lt".utf8), UInt8(ascii: "<")), (Array("gt".utf8), UInt8(ascii: ">")),
        (Array("amp".utf8), UInt8(ascii: "&")), (Array("quot".utf8), UInt8(ascii: "\"")),
        (Array("apos".utf8), UInt8(ascii: "'")),
    ]

    /// Appends the bytes of `range` to `output` with entities decoded.
    static func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into output: inout [UInt8]) {
        output.reserveCapacity(output.count + range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let (decoded, length) = entity(bytes, at: index, end: range.upperBound) {
                append(decoded, to: &output)
                index += length
            } else {
                output.append(byte)
                index += 1
            }
        }
    }

    /// The scalar of the entity at `index` (which holds `&`) and its length through `;`.
    private static func entity(
        _ bytes: UnsafeRawBufferPointer, at index: Int, end: Int
    ) -> (Unicode.Scalar, Int)? {
        let limit = min(end, index + 2 + maximumEntityBytes)
        var semicolon = index + 1
        while semicolon < limit && bytes[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
        guard semicolon < limit, semicolon > index + 1 else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: bytes[index + 1..<semicolon])
        let length = semicolon + 1 - index

        if body[0] == UInt8(ascii: "#") {
            return characterReference(body).map { ($0, length) }
        }
        for (name, byte) in named where body.elementsEqual(name) {
            return (Unicode.Scalar(byte), length)
        }
        return nil
    }

    /// `#NN` or `#xHH`; nil for a malformed number, NUL, or a value that is no scalar.
    private static func characterReference(_ body: UnsafeRawBufferPointer) -> Unicode.Scalar? {
        let isHex = body.count > 1 && (body[1] == UInt8(ascii: "x") || body[1] == UInt8(ascii: "X"))
        let digits = body.dropFirst(isHex ? 2 : 1)
        guard !digits.isEmpty else { return nil }

        var value: UInt32 = 0
        for digit in digits {
            guard let digitValue = digitValue(digit, hex: isHex) else { return nil }
            value = value * (isHex ? 16 : 10) + digitValue
            if value > 0x10FFFF { return nil }
        }
        guard value != 0 else { return nil }
        return Unicode.Scalar(value)
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46 where hex: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66 where hex: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }
}
