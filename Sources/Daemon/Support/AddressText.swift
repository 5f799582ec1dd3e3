import WFPCore

/// Writes an `IPAddress` as text: dotted IPv4 for IPv4 (and IPv4-mapped) addresses, RFC 5952
/// compressed IPv6 otherwise.
package enum AddressText {
    package static func format(_ address: IPAddress) -> String {
        if let ipv4 = address.ipv4 {
            return (0..<4).map { String((ipv4 >> (24 - 8 * UInt32($0))) & 0xFF) }.joined(separator: ".")
        }
        let groups = (0..<8).map { index -> UInt16 in
            let word = index < 4 ? address.high : address.low
            return UInt16(truncatingIfNeeded: word >> (48 - 16 * UInt64(index % 4)))
        }

        // The longest run of two or more zero groups becomes "::" (the first one on a tie).
        var best = (start: -1, length: 1)
        var index = 0
        while index < 8 {
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = max(end, index + 1)
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        let head = hex[0..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}
