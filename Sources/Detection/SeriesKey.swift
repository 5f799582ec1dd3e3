import WFPCore

/// What one series of connections is keyed by: the host, the process image and where it goes.
///
/// Host and image are ids of the engine's `InternTable`, so a key holds no `String`. The
/// destination is either an address and port (one series per socket destination) or a name
/// (the roll-up: one C2 behind rotating addresses still forms one series once names are known).
package struct SeriesKey: Hashable, Sendable {
    package var host: UInt32
    package var image: UInt32
    package var destination: SeriesDestination

    package init(host: UInt32, image: UInt32, destination: SeriesDestination) {
        self.host = host
        self.image = image
        self.destination = destination
    }
}

package enum SeriesDestination: Hashable, Sendable {
    case address(IPAddress, port: UInt16)
    /// An interned destination name (from the DNS join); the port is not part of the roll-up.
    case name(UInt32)
}

/// The strings behind a key, resolved only when a finding is written.
package struct SeriesLabels: Sendable {
    package var host: String
    package var image: String
    /// `10.10.10.5:80`, `[2001:db8::1]:443` or `c2.example.net`.
    package var destination: String
    package var destinationAddress: IPAddress?

    package init(host: String, image: String, destination: String, destinationAddress: IPAddress?) {
        self.host = host
        self.image = image
        self.destination = destination
        self.destinationAddress = destinationAddress
    }
}
