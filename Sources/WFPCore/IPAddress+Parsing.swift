extension IPAddress {
    /// Parses the textual forms listed on the type. Returns nil for anything else.
    public init?(bytes: UnsafeRawBufferPointer) {
        var start = 0
        var end = bytes.count
        if end >= 2, bytes[0] == UInt8(ascii: "["), bytes[end - 1] == UInt8(ascii: "]") {
            start = 1
            end -= 1
        }
        guard start < end else { return nil }
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<end])

        guard text.contains(UInt8(ascii: ":")) else {
            guard let value = IPAddress.parseIPv4(text) else { return nil }
            self.init(ipv4: value)
            return
        }

        // A zone (`fe80::1%12`) names an interface on the sender; it does not change the address.
        let zoneStart = text.firstIndex(of: UInt8(ascii: "%")) ?? text.count
        guard zoneStart > 0, zoneStart != text.count - 1 else { return nil }
        guard let parsed = IPAddress.parseIPv6(UnsafeRawBufferPointer(rebasing: text[0..<zoneStart])) else {
            return nil
        }
        self = parsed
    }

    /// Dotted-quad IPv4: four decimal parts of one to three digits, each at most 255.
    static func parseIPv4(_ text: UnsafeRawBufferPointer) -> UInt32? {
        var value: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var parts = 0
        for byte in text {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                part = part * 10 + UInt32(byte - 0x30)
                guard digits <= 3, part <= 255 else { return nil }
            } else if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | part
    }

    /// IPv6 groups with at most one `::` and an optional dotted IPv4 tail (no brackets, no zone).
    private static func parseIPv6(_ text: UnsafeRawBufferPointer) -> IPAddress? {
        var groups = SIMD8<UInt16>()
        var count = 0
        var gap: Int?
        var index = 0
        let end = text.count

        if end >= 2, text[0] == UInt8(ascii: ":"), text[1] == UInt8(ascii: ":") {
            gap = 0
            index = 2
        } else if text[0] == UInt8(ascii: ":") {
            return nil
        }

        while index < end {
            guard count < 8 else { return nil }
            var value = 0
            var cursor = index
            while cursor < end, let digit = hexDigit(text[cursor]) {
                value = value << 4 | digit
                cursor += 1
            }
            if cursor < end, text[cursor] == UInt8(ascii: ".") {
                // The last 32 bits written as dotted IPv4 (`::ffff:10.0.0.1`).
                guard count <= 6, let tail = parseIPv4(UnsafeRawBufferPointer(rebasing: text[index..<end])) else {
                    return nil
                }
                groups[count] = UInt16(tail >> 16)
                groups[count + 1] = UInt16(tail & 0xFFFF)
                count += 2
                index = end
                break
            }
            guard cursor > index, cursor - index <= 4 else { return nil }
            groups[count] = UInt16(value)
            count += 1
            index = cursor
            if index == end { break }

            guard text[index] == UInt8(ascii: ":"), index + 1 < end else { return nil }
            index += 1
            if text[index] == UInt8(ascii: ":") {
                guard gap == nil else { return nil }
                gap = count
                index += 1
            }
        }
        return assemble(groups, count: count, gap: gap)
    }

    /// Places the groups after a `::` at the end and packs all eight into the two halves.
    private static func assemble(_ parsed: SIMD8<UInt16>, count: Int, gap: Int?) -> IPAddress? {
        var groups = parsed
        if let gap {
            guard count < 8 else { return nil }
            let moved = count - gap
            var shifted = SIMD8<UInt16>()
            for offset in 0..<gap { shifted[offset] = groups[offset] }
            for offset in 0..<moved { shifted[8 - moved + offset] = groups[gap + offset] }
            groups = shifted
        } else {
            guard count == 8 else { return nil }
        }

        var high: UInt64 = 0
        var low: UInt64 = 0
        for offset in 0..<4 { high = high << 16 | UInt64(groups[offset]) }
        for offset in 4..<8 { low = low << 16 | UInt64(groups[offset]) }
        return IPAddress(high: high, low: low)
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }
}
