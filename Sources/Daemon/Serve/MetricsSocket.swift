#if canImport(Glibc)
import Glibc
#endif

/// The POSIX socket calls the metrics endpoint (`serve`) and its client (`status`) share.
package enum MetricsSocket {
    /// A socket address for a numeric IPv4 or IPv6 `address` and `port`, with its length.
    package static func address(_ address: String, port: UInt16) -> (sockaddr_storage, socklen_t)? {
        var storage = sockaddr_storage()
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, address, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: ipv4, as: sockaddr_in.self) }
            return (storage, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
        var ipv6 = sockaddr_in6()
        if inet_pton(AF_INET6, address, &ipv6.sin6_addr) == 1 {
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: ipv6, as: sockaddr_in6.self) }
            return (storage, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
        return nil
    }

    /// A listening TCP socket on `address`:`port` (close-on-exec, address reuse for restarts).
    package static func listen(address: String, port: UInt16) throws(MetricsSocketError) -> Int32 {
        try attach(address: address, port: port, operation: "bind") { descriptor, socketAddress, length in
            var enabled: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enabled, socklen_t(MemoryLayout<Int32>.size))
            return bind(descriptor, socketAddress, length) == 0 && Glibc.listen(descriptor, 16) == 0
        }
    }

    /// A TCP connection to `address`:`port`, or the reason there is none.
    package static func connect(address: String, port: UInt16) throws(MetricsSocketError) -> Int32 {
        try attach(address: address, port: port, operation: "connect to") { descriptor, socketAddress, length in
            Glibc.connect(descriptor, socketAddress, length) == 0
        }
    }

    /// A close-on-exec TCP socket for `address`, handed to `step` (bind and listen, or connect);
    /// closed again, with the error naming `operation`, when the step fails.
    private static func attach(
        address: String, port: UInt16, operation: String,
        _ step: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool
    ) throws(MetricsSocketError) -> Int32 {
        guard let resolved = Self.address(address, port: port) else {
            throw MetricsSocketError(operation: "parse", address: address, port: port, errorNumber: 0)
        }
        var storage = resolved.0
        let length = resolved.1
        let descriptor = socket(Int32(storage.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw MetricsSocketError(operation: "create a socket for", address: address, port: port, errorNumber: errno)
        }
        let succeeded = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { step(descriptor, $0, length) }
        }
        guard succeeded else {
            let code = errno
            close(descriptor)
            throw MetricsSocketError(operation: operation, address: address, port: port, errorNumber: code)
        }
        return descriptor
    }

    /// The port the kernel bound `descriptor` to (the chosen one for port 0).
    package static func boundPort(_ descriptor: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        // sin_port and sin6_port sit at the same offset.
        return withUnsafeBytes(of: storage) { UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self)) }
    }

    /// Sets the receive and send timeouts of `descriptor`.
    package static func setTimeouts(_ descriptor: Int32, milliseconds: Int) {
        var timeout = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)
    }

    /// Writes all of `bytes`; false when the peer went away or the send timed out.
    package static func sendAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}

/// The metrics endpoint or its client could not open a socket: what, where, and why.
package struct MetricsSocketError: Error, CustomStringConvertible {
    package var operation: String
    package var address: String
    package var port: UInt16
    /// The errno value, or 0 when the address itself was bad.
    package var errorNumber: Int32

    package var description: String {
        let reason = errorNumber == 0
            ? "not a numeric IPv4 or IPv6 address" : String(cString: strerror(errorNumber)) + " (errno \(errorNumber))"
        let shown = address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
        return "metrics: cannot \(operation) \(shown): \(reason)"
    }
}
