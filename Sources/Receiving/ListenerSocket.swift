#if canImport(Glibc)
import Glibc
#endif

/// Opening, binding and naming the sockets of a listener.
enum ListenerSocket {
    /// A socket of `type` bound to the configured address and port, non-blocking, close-on-exec.
    static func openBound(_ configuration: ListenerConfiguration, type: Int32) throws -> Int32 {
        let failure = { (operation: String, errorNumber: Int32) in
            ListenerError(
                listener: configuration.name, operation: operation, address: configuration.address,
                port: configuration.port, errorNumber: errorNumber)
        }
        guard var address = parse(configuration.address, port: configuration.port) else {
            throw failure("parse", 0)
        }

        let flags = type | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let socketDescriptor = socket(Int32(address.ss_family), flags, 0)
        guard socketDescriptor >= 0 else { throw failure("create socket for", errno) }

        // TCP needs SO_REUSEADDR to rebind while old connections sit in TIME_WAIT. UDP must not
        // have it: there it lets a second process bind the same port and take the datagrams.
        if type == Int32(SOCK_STREAM.rawValue) {
            var enabled: Int32 = 1
            setsockopt(socketDescriptor, SOL_SOCKET, SO_REUSEADDR, &enabled, socklen_t(MemoryLayout<Int32>.size))
        }
        let length = address.ss_family == sa_family_t(AF_INET)
            ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(length)) }
        }
        guard bound == 0 else {
            let bindError = errno
            close(socketDescriptor)
            throw failure("bind", bindError)
        }
        return socketDescriptor
    }

    /// A numeric IPv4 or IPv6 address (brackets allowed around IPv6) with `port`.
    static func parse(_ text: String, port: UInt16) -> sockaddr_storage? {
        var storage = sockaddr_storage()
        let unbracketed = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text

        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, unbracketed, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: ipv4, as: sockaddr_in.self) }
            return storage
        }
        var ipv6 = sockaddr_in6()
        if inet_pton(AF_INET6, unbracketed, &ipv6.sin6_addr) == 1 {
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: ipv6, as: sockaddr_in6.self) }
            return storage
        }
        return nil
    }

    /// The port the kernel bound (the configured one, or the one it chose for port 0).
    static func boundPort(_ socketDescriptor: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        return peerAddress(storage).port
    }

    /// The numeric address and port in `storage`; IPv4-mapped IPv6 addresses read as IPv4.
    static func peerAddress(_ storage: sockaddr_storage) -> PeerAddress {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = storage.ss_family
        return withUnsafeBytes(of: storage) { raw in
            if family == sa_family_t(AF_INET6) {
                var ipv6 = raw.load(as: sockaddr_in6.self)
                let bytes = withUnsafeBytes(of: &ipv6.sin6_addr) { Array($0) }
                if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                    let mapped = "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])"
                    return PeerAddress(address: mapped, port: UInt16(bigEndian: ipv6.sin6_port))
                }
                inet_ntop(AF_INET6, &ipv6.sin6_addr, &text, socklen_t(text.count))
                return PeerAddress(address: String(decodingCString: text), port: UInt16(bigEndian: ipv6.sin6_port))
            }
            var ipv4 = raw.load(as: sockaddr_in.self)
            inet_ntop(AF_INET, &ipv4.sin_addr, &text, socklen_t(text.count))
            return PeerAddress(address: String(decodingCString: text), port: UInt16(bigEndian: ipv4.sin_port))
        }
    }
}

extension String {
    init(decodingCString characters: [CChar]) {
        let bytes = characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
