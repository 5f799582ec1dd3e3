import WFPCore

/// Text forms of addresses and protocols for summaries, alerts and journal fields.
///
/// IPv4 (and IPv4-mapped) addresses print dotted; IPv6 prints in the RFC 5952 canonical
/// form (lower-case hex, the longest run of two or more zero groups compressed).
/// Shortcoming: this belongs next to `IPAddress` in WFPCore; once WFPCore offers a text form,
/// this should forward to it so every stage prints addresses the same way.
package enum AddressText {
    package static func string(_ address: IPAddress) -> String {
        if let value = address.ipv4 { return dotted(value) }
        let groups = (0..<8).map { index -> UInt16 in
            let word = index < 4 ? address.high : address.low
            return UInt16(truncatingIfNeeded: word >> (UInt64(3 - index % 4) * 16))
        }
        return canonicalIPv6(groups)
    }

    /// `10.10.10.5:80`, or `[2001:db8::1]:443` for IPv6.
    package static func endpoint(_ address: IPAddress, port: UInt16) -> String {
        let text = string(address)
        return address.isIPv4 ? "\(text):\(port)" : "[\(text)]:\(port)"
    }

    /// The IANA keyword for common protocol numbers (`tcp`, `udp`), nil for the rest.
    package static func protocolName(_ number: UInt8) -> String? {
        switch number {
        case 1: "icmp"
        case 2: "igmp"
        case 6: "tcp"
        case 17: "udp"
        case 47: "gre"
        case 50: "esp"
        case 51: "ah"
        case 58: "icmpv6"
        case 132: "sctp"
        default: nil
        }
    }

    private static func dotted(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    private static func canonicalIPv6(_ groups: [UInt16]) -> String {
        // Find the longest run of zero groups; RFC 5952 leaves single zero groups alone.
        var bestStart = -1, bestLength = 0, runStart = -1
        for index in 0...8 {
            if index < 8 && groups[index] == 0 {
                if runStart < 0 { runStart = index }
                continue
            }
            if runStart >= 0 && index - runStart > bestLength && index - runStart >= 2 {
                bestStart = runStart
                bestLength = index - runStart
            }
            runStart = -1
        }

        guard bestStart >= 0 else { return groups.map { String($0, radix: 16) }.joined(separator: ":") }
        let head = groups[..<bestStart].map { String($0, radix: 16) }.joined(separator: ":")
        let tail = groups[(bestStart + bestLength)...].map { String($0, radix: 16) }.joined(separator: ":")
        return head + "::" + tail
    }
}
