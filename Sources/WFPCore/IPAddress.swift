/// An IPv4 or IPv6 address held in 16 bytes (IPv4 as an IPv4-mapped IPv6 address, so that
/// `::ffff:10.0.0.1` and `10.0.0.1` compare equal).
///
/// Parsing accepts every textual spelling Windows and forwarders produce: dotted IPv4,
/// full and compressed IPv6, embedded IPv4 tails, zone suffixes (`%12`, dropped), brackets.
public struct IPAddress: Hashable, Sendable {
    /// Network byte order, high 64 bits then low 64 bits.
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public init(ipv4 value: UInt32) {
        self.high = 0
        self.low = 0x0000_FFFF_0000_0000 | UInt64(value)
    }

    public var isIPv4: Bool { high == 0 && (low >> 32) == 0x0000_FFFF }

    /// The IPv4 value when this is an IPv4 (or IPv4-mapped) address.
    public var ipv4: UInt32? { isIPv4 ? UInt32(truncatingIfNeeded: low) : nil }
}

/// Where an address sits: detectors treat private, loopback and link-local destinations
/// apart from public ones.
public enum AddressScope: String, Sendable, CaseIterable {
    case `public`
    case `private`
    case loopback
    case linkLocal = "link_local"
    case multicast
    case unspecified
}

extension IPAddress {
    public init?(_ text: some StringProtocol) {
        var copy = String(text)
        guard let parsed = copy.withUTF8({ IPAddress(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// The range the address falls in: private (RFC 1918, CGNAT 100.64/10, ULA fc00::/7),
    /// loopback, link-local, multicast, unspecified, or public for everything else.
    public var scope: AddressScope {
        if let value = ipv4 { return IPAddress.scope(ipv4: value) }
        if high == 0 && low == 0 { return .unspecified }
        if high == 0 && low == 1 { return .loopback }

        let top16 = high >> 48
        if top16 & 0xFFC0 == 0xFE80 { return .linkLocal }
        if top16 & 0xFF00 == 0xFF00 { return .multicast }
        if top16 & 0xFE00 == 0xFC00 { return .private }
        return .public
    }

    private static func scope(ipv4 value: UInt32) -> AddressScope {
        if value == 0 { return .unspecified }
        if value >> 24 == 127 { return .loopback }
        if value >> 16 == 0xA9FE { return .linkLocal }
        if value >> 28 == 0xE { return .multicast }

        let isPrivate = value >> 24 == 10
            || value >> 20 == 0xAC1                // 172.16.0.0/12
            || value >> 16 == 0xC0A8               // 192.168.0.0/16
            || value >> 22 == (100 << 2 | 1)       // 100.64.0.0/10
        return isPrivate ? .private : .public
    }

    /// The address with every bit after the first `prefixLength` (of 128) cleared.
    func masked(prefixLength: Int) -> IPAddress {
        let length = min(max(prefixLength, 0), 128)
        let highMask: UInt64 = length >= 64 ? .max : (length == 0 ? 0 : .max << (64 - length))
        let lowMask: UInt64 = length <= 64 ? 0 : (length == 128 ? .max : .max << (128 - length))
        return IPAddress(high: high & highMask, low: low & lowMask)
    }
}

/// An address block such as `10.0.0.0/8` or `2001:db8::/32`; a bare address is a /32 or /128.
public struct CIDRBlock: Hashable, Sendable {
    public var network: IPAddress
    /// Prefix length counted over the 128-bit form (an IPv4 /8 is stored as 104).
    public var prefixLength: Int

    public init(network: IPAddress, prefixLength: Int) {
        self.network = network.masked(prefixLength: prefixLength)
        self.prefixLength = min(max(prefixLength, 0), 128)
    }

    /// Parses `a.b.c.d/n` (n up to 32), `v6/n` (n up to 128) or a bare address.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let isDottedIPv4 = !parts[0].contains(":")
        let width = isDottedIPv4 ? 32 : 128

        var length = width
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(digits), value <= width
            else { return nil }
            length = value
        }
        self.init(network: address, prefixLength: 128 - width + length)
    }

    public func contains(_ address: IPAddress) -> Bool {
        address.masked(prefixLength: prefixLength) == network
    }
}

extension CIDRBlock: CustomStringConvertible {
    public var description: String {
        network.isIPv4 && prefixLength >= 96
            ? "\(network)/\(prefixLength - 96)"
            : "\(network)/\(prefixLength)"
    }
}
