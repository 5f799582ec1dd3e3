import Dispatch
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// Receives syslog datagrams on one UDP socket: each datagram is one frame, handed to one sink
/// for the socket together with its sender. Datagrams from senders outside `allowedSources` are
/// dropped and counted (`wfpwatch_datagrams_refused_total`). State is confined to the
/// listener's queue.
public final class UDPListener: @unchecked Sendable {
    /// Large enough for any UDP payload (65,507 bytes over IPv4, 65,527 over IPv6).
    static let receiveBufferBytes = 65_536
    /// Datagrams read per wake-up before the sink's `endOfRead` and a turn for other work.
    static let datagramsPerRead = 64

    public let configuration: ListenerConfiguration
    private let makeSink: MessageSinkFactory
    private let metrics: ReceiveMetrics
    private let log: Log
    private let queue: DispatchQueue
    private let handlersFinished = DispatchGroup()

    private var source: (any DispatchSourceRead)?
    private var dropTimer: (any DispatchSourceTimer)?
    private var kernelDropsSeen = 0
    private var sink: (any MessageSink)?
    private var lastSender: (address: sockaddr_storage, peer: PeerAddress, allowed: Bool)?
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: receiveBufferBytes, alignment: 16)

    /// The port bound by `start()`; the kernel's choice when configured as 0.
    public private(set) var boundPort: UInt16 = 0

    public init(
        configuration: ListenerConfiguration, makeSink: @escaping MessageSinkFactory, metrics: MetricsRegistry,
        log: Log
    ) {
        self.configuration = configuration
        self.makeSink = makeSink
        self.metrics = ReceiveMetrics(metrics, configuration)
        self.log = log
        self.queue = DispatchQueue(label: "wfpwatch.udp.\(configuration.name)")
    }

    deinit {
        buffer.deallocate()
    }

    /// Binds the socket and starts receiving. Throws a `ListenerError` naming the address, port
    /// and reason when the socket cannot be opened.
    public func start() throws {
        let socketDescriptor = try ListenerSocket.openBound(configuration, type: Int32(SOCK_DGRAM.rawValue))
        let grantedBytes = raiseReceiveBuffer(socketDescriptor)
        boundPort = ListenerSocket.boundPort(socketDescriptor)
        sink = makeSink(PeerAddress(address: configuration.address, port: boundPort), configuration)

        let source = DispatchSource.makeReadSource(fileDescriptor: socketDescriptor, queue: queue)
        source.setEventHandler { [self] in readDatagrams(socketDescriptor) }
        source.setCancelHandler { [self] in
            close(socketDescriptor)
            sink?.close()
            sink = nil
            handlersFinished.leave()
        }
        self.source = source
        handlersFinished.enter()
        source.resume()
        watchKernelDrops(socketDescriptor)

        log.log(.info, "listening", [
            ("listener", configuration.name), ("transport", "udp"), ("address", configuration.address),
            ("port", String(boundPort)), ("receive_buffer_bytes", String(grantedBytes)),
        ])
    }

    /// Closes the socket and the sink; returns once no handler of this listener runs again.
    /// Must not be called from the sink.
    public func stop() {
        queue.sync {
            dropTimer?.cancel()
            dropTimer = nil
            source?.cancel()
            source = nil
        }
        handlersFinished.wait()
    }

    /// Once a second, adds what the kernel dropped for this socket since the last look to
    /// `wfpwatch_udp_kernel_drops_total`, and logs an error when it grew: those datagrams are lost.
    private func watchKernelDrops(_ socketDescriptor: Int32) {
        guard let inode = KernelUDPDrops.inode(of: socketDescriptor) else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [self] in
            guard let drops = KernelUDPDrops.count(inode: inode), drops > kernelDropsSeen else { return }
            metrics.kernelDrops.add(drops - kernelDropsSeen)
            log.rateLimited(.error, "udp datagrams dropped by the kernel", [
                ("listener", configuration.name), ("dropped", String(drops - kernelDropsSeen)),
                ("receive_buffer_bytes", String(configuration.receiveBufferBytes)),
            ])
            kernelDropsSeen = drops
        }
        timer.resume()
        dropTimer = timer
    }

    /// Asks for `receiveBufferBytes` (SO_RCVBUFFORCE passes `net.core.rmem_max` when privileged)
    /// and returns what the kernel granted.
    private func raiseReceiveBuffer(_ socketDescriptor: Int32) -> Int {
        var requested = Int32(clamping: configuration.receiveBufferBytes)
        let size = socklen_t(MemoryLayout<Int32>.size)
        if setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUFFORCE, &requested, size) != 0 {
            setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUF, &requested, size)
        }

        var granted: Int32 = 0
        var grantedSize = size
        getsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUF, &granted, &grantedSize)
        return Int(granted)
    }

    private func readDatagrams(_ socketDescriptor: Int32) {
        guard let sink else { return }
        var datagrams = 0
        while datagrams < Self.datagramsPerRead {
            var sender = sockaddr_storage()
            var senderLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let received = withUnsafeMutablePointer(to: &sender) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(socketDescriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT), $0, &senderLength)
                }
            }
            guard received >= 0 else {
                reportReadError(errno)
                break
            }

            datagrams += 1
            deliver(UnsafeRawBufferPointer(rebasing: buffer[0..<received]), from: sender, to: sink)
        }
        if datagrams > 0 { sink.endOfRead() }
    }

    private func deliver(_ datagram: UnsafeRawBufferPointer, from sender: sockaddr_storage, to sink: any MessageSink) {
        let receivedAt = WallClock.now()
        metrics.receivedBytes.add(datagram.count)
        let (peer, allowed) = identify(sender)
        guard allowed else {
            metrics.refusedDatagrams.add()
            return
        }
        guard let (frame, info) = DatagramFramer.frame(datagram, maximumMessageBytes: configuration.maximumMessageBytes)
        else { return }

        metrics.receivedMessages.add()
        if info.truncated { metrics.framesTruncated.add() }
        sink.receive(frame: frame, info: info, receivedAt: receivedAt, from: peer)
    }

    /// The sender as a `PeerAddress` and whether it may send, both reused while the same sender
    /// keeps sending.
    private func identify(_ sender: sockaddr_storage) -> (PeerAddress, Bool) {
        var sender = sender
        if var last = lastSender?.address,
            memcmp(&last, &sender, MemoryLayout<sockaddr_storage>.size) == 0, let lastSender {
            return (lastSender.peer, lastSender.allowed)
        }
        let peer = ListenerSocket.peerAddress(sender)
        let allowed = configuration.senderControl.allows(peer)
        lastSender = (sender, peer, allowed)
        return (peer, allowed)
    }

    private func reportReadError(_ errorNumber: Int32) {
        guard errorNumber != EAGAIN && errorNumber != EWOULDBLOCK && errorNumber != EINTR else { return }
        log.rateLimited(.warning, "udp read failed", [
            ("listener", configuration.name), ("errno", String(errorNumber)),
            ("error", String(cString: strerror(errorNumber))),
        ])
    }
}
