import WFPCore

/// A set of address scopes as one byte, for the per-event scope tests of the rules: a lookup
/// is a shift and a mask, where `Set<AddressScope>` hashes the scope on every connection.
struct ScopeMask: Sendable {
    private var bits: UInt8 = 0

    init(_ scopes: Set<AddressScope>) {
        for scope in scopes { bits |= Self.bit(scope) }
    }

    func contains(_ scope: AddressScope) -> Bool {
        bits & Self.bit(scope) != 0
    }

    private static func bit(_ scope: AddressScope) -> UInt8 {
        switch scope {
        case .public: 1
        case .private: 2
        case .loopback: 4
        case .linkLocal: 8
        case .multicast: 16
        case .unspecified: 32
        }
    }
}
