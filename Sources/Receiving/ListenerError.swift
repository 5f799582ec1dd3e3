#if canImport(Glibc)
import Glibc
#endif

/// A listener could not open its socket: says which listener, what it tried on which address
/// and port, and the system's reason.
public struct ListenerError: Error, Equatable, CustomStringConvertible {
    public var listener: String
    /// What failed: `parse address`, `create socket`, `bind`, `listen`.
    public var operation: String
    public var address: String
    public var port: UInt16
    /// The errno value, or 0 when the address itself was bad.
    public var errorNumber: Int32

    public init(listener: String, operation: String, address: String, port: UInt16, errorNumber: Int32) {
        self.listener = listener
        self.operation = operation
        self.address = address
        self.port = port
        self.errorNumber = errorNumber
    }

    public var description: String {
        let reason = errorNumber == 0
            ? "not a numeric IPv4 or IPv6 address"
            : String(cString: strerror(errorNumber)) + " (errno \(errorNumber))"
        return "listener \(listener): cannot \(operation) address \(address) port \(port): \(reason)"
    }
}
