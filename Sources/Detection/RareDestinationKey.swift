import WFPCore

/// A destination as rarity remembers it: an address, or a DNS name once names are known.
public enum RareDestinationKey: Hashable, Sendable {
    case address(IPAddress)
    /// Lower-case name without a trailing dot.
    case name(String)
}

extension RareDestinationKey: CustomStringConvertible {
    public var description: String {
        switch self {
        case .address(let address): address.description
        case .name(let name): name
        }
    }
}
