import Detection
import Foundation
import WFPCore

/// What an alert's connection went to, as the allowlist reads it: the process image, the
/// destination address and port, and the destination's DNS name when the host's memory knew it.
///
/// Kept with each outbox entry, so a reload that allowlists a key can find that key's alerts
/// still waiting for delivery, including those read back from the file after a restart.
public struct AlertTarget: Equatable, Sendable {
    public var image: String
    public var destination: IPAddress
    public var port: UInt16
    public var name: String?

    public init(image: String, destination: IPAddress, port: UInt16, name: String? = nil) {
        self.image = image
        self.destination = destination
        self.port = port
        self.name = name
    }

    /// The target of `alert`; nil when its event is not a connection.
    public init?(_ alert: Alert) {
        guard let connection = alert.event.connection else { return nil }
        self.init(
            image: connection.process.image, destination: connection.destinationAddress,
            port: connection.destinationPort, name: alert.context?.remoteName)
    }

    /// The target an alert JSON object names (`process.image`, `dst_ip`, `dst_port`, `dst_name`);
    /// nil without an address and a port. Runs only when the outbox is read at start-up.
    init?(json object: [String: Any]) {
        guard let address = (object["dst_ip"] as? String).flatMap({ IPAddress($0) }),
            let port = (object["dst_port"] as? Int).flatMap({ UInt16(exactly: $0) })
        else { return nil }
        let image = (object["process"] as? [String: Any])?["image"] as? String ?? ""
        self.init(image: image, destination: address, port: port, name: object["dst_name"] as? String)
    }

    /// True when `allowlist` suppresses a connection to this target.
    public func isCovered(by allowlist: Allowlist) -> Bool {
        allowlist.suppresses(image: image, destination: destination, name: name, port: port)
    }
}
