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
    /// Parses the textual forms listed on the type. Returns nil for anything else.
    public init?(bytes: UnsafeRawBufferPointer) {
        // Placeholder until the address parser lands.
        return nil
    }

    public init?(_ text: some StringProtocol) {
        var copy = String(text)
        guard let parsed = copy.withUTF8({ IPAddress(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// Placeholder until the address parser lands.
    public var scope: AddressScope { .public }
}

/// An address block such as `10.0.0.0/8` or `2001:db8::/32`; a bare address is a /32 or /128.
public struct CIDRBlock: Hashable, Sendable {
    public var network: IPAddress
    /// Prefix length counted over the 128-bit form (an IPv4 /8 is stored as 104).
    public var prefixLength: Int

    public init(network: IPAddress, prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Placeholder until the address parser lands.
    public init?(_ text: some StringProtocol) { return nil }

    /// Placeholder until the address parser lands.
    public func contains(_ address: IPAddress) -> Bool { false }
}
