/// IANA protocol numbers and the keywords events and alerts spell them with.
public enum IPProtocol {
    private static let keywords: [(UInt8, String)] = [
        (1, "icmp"), (2, "igmp"), (6, "tcp"), (17, "udp"), (47, "gre"), (50, "esp"), (51, "ah"),
        (58, "icmpv6"), (132, "sctp"),
    ]

    /// The keyword for a protocol number (`tcp`), nil for numbers without a common one.
    public static func name(_ number: UInt8) -> String? {
        keywords.first { $0.0 == number }?.1
    }

    /// The number for a keyword, ignoring case; Sysmon's `ipv6-icmp` and `icmp6` included.
    public static func number(_ name: String) -> UInt8? {
        let lowered = name.lowercased()
        if lowered == "ipv6-icmp" || lowered == "icmp6" { return 58 }
        return keywords.first { $0.1 == lowered }?.0
    }
}

extension IPAddress {
    /// `10.10.10.5:80`, or `[2001:db8::1]:443` for IPv6.
    public func endpoint(port: UInt16) -> String {
        isIPv4 ? "\(self):\(port)" : "[\(self)]:\(port)"
    }
}
