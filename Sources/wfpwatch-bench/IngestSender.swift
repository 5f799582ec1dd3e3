import Foundation

/// Monotonic seconds, shared by the sender and the sink watcher so probe latencies line up.
func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Probe send times, written by the sender threads.
final class ProbeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var sentAt: [Int: Double] = [:]

    func sent(_ id: Int, at seconds: Double) { lock.withLock { sentAt[id] = seconds } }
    func sentTimes() -> [Int: Double] { lock.withLock { sentAt } }
}

/// Writes streams to 127.0.0.1 as fast as the receiver takes them: one blocking TCP connection
/// per stream (TCP back-pressure paces it), or datagrams of one message each over UDP.
enum IngestSender {
    enum Failure: Error, CustomStringConvertible {
        case socket(String, Int32)
        var description: String {
            switch self {
            case .socket(let call, let code): "\(call) to 127.0.0.1 failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// Sends every stream on its own thread over TCP; returns once all are written and closed.
    static func sendTCP(_ streams: [IngestStream], port: UInt16, probes: ProbeClock) throws {
        let descriptors = try streams.map { _ in try connectedSocket(port: port, type: SOCK_STREAM) }
        let group = DispatchGroup()
        for (stream, descriptor) in zip(streams, descriptors) {
            group.enter()
            Thread.detachNewThread {
                writeAll(stream, descriptor: descriptor, probes: probes)
                shutdown(descriptor, Int32(SHUT_WR))
                close(descriptor)
                group.leave()
            }
        }
        group.wait()
    }

    private static func writeAll(_ stream: IngestStream, descriptor: Int32, probes: ProbeClock) {
        var position = 0
        var nextProbe = 0
        stream.bytes.withUnsafeBytes { buffer in
            while position < buffer.count {
                let length = min(buffer.count - position, 1 << 18)
                let written = write(descriptor, buffer.baseAddress! + position, length)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                position += written
                let now = monotonicSeconds()
                while nextProbe < stream.probes.count && stream.probes[nextProbe].end <= position {
                    probes.sent(stream.probes[nextProbe].id, at: now)
                    nextProbe += 1
                }
            }
        }
    }

    /// Sends each message as one datagram, without its newline; returns datagrams sent.
    static func sendUDP(_ stream: IngestStream, port: UInt16, probes: ProbeClock) throws -> Int {
        let descriptor = try connectedSocket(port: port, type: SOCK_DGRAM)
        defer { close(descriptor) }
        var sent = 0
        var start = 0
        var nextProbe = 0
        stream.bytes.withUnsafeBytes { buffer in
            for end in stream.messageEnds {
                var result = send(descriptor, buffer.baseAddress! + start, end - start - 1, 0)
                while result < 0 && (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) {
                    sched_yield()
                    result = send(descriptor, buffer.baseAddress! + start, end - start - 1, 0)
                }
                if result >= 0 { sent += 1 }
                if nextProbe < stream.probes.count && stream.probes[nextProbe].end == end {
                    probes.sent(stream.probes[nextProbe].id, at: monotonicSeconds())
                    nextProbe += 1
                }
                start = end
            }
        }
        return sent
    }

    private static func connectedSocket(port: UInt16, type: __socket_type) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(type.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.socket("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw Failure.socket("connect", code)
        }
        return descriptor
    }
}
