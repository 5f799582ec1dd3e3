import Dispatch
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// Receives syslog datagrams on one UDP socket: each datagram is one frame, handed with its
/// sender to a sink. Datagrams from senders outside `allowedSources` are dropped and counted
/// (`wfpwatch_datagrams_refused_total`).
///
/// The reader only drains the socket: it receives straight into slabs of memory and queues
/// them (bounded by `queueBytes`, held bytes in `wfpwatch_udp_queue_bytes`) for
/// `decodeThreads` threads, each with its own sink, which parse and decode. A burst is thus
/// taken off the socket at receive speed rather than decode speed. When the queue is full the
/// reader waits, the socket buffer fills and the kernel drops (counted in
/// `wfpwatch_udp_kernel_drops_total`); a datagram once read is never dropped. Reader state is
/// confined to the listener's queue.
public final class UDPListener: @unchecked Sendable {
    /// Large enough for any UDP payload (65,507 bytes over IPv4, 65,527 over IPv6).
    static let receiveBufferBytes = 65_536
    /// The largest block the reader receives into; full (less than `receiveBufferBytes` left)
    /// it is queued as it is, otherwise its used part is copied out when the socket runs empty.
    /// A small queue gets smaller blocks (an eighth of it, at least two datagrams' room), since
    /// the block being filled is held on top of the queue.
    static let largestReceiveSlabBytes = 1024 * 1024
    /// Datagrams read per wake-up before a turn for other work on the listener's queue.
    static let datagramsPerRead = 1024

    public let configuration: ListenerConfiguration
    private let makeSink: MessageSinkFactory
    private let metrics: ReceiveMetrics
    private let log: Log
    private let queue: DispatchQueue
    private let dropQueue: DispatchQueue
    private let handlersFinished = DispatchGroup()
    private let datagrams: UDPDatagramQueue
    private var decoders: UDPDecodeThreads?

    private var source: (any DispatchSourceRead)?
    private var socketDescriptor: Int32?
    private var dropTimer: (any DispatchSourceTimer)?
    private var kernelDropsSeen = 0
    private var lastSender: (address: sockaddr_storage, peer: PeerAddress, allowed: Bool)?
    private let receiveSlabBytes: Int
    private var slab: UDPSlab
    /// Names the socket in /proc/net/udp once started.
    private(set) var socketInode: UInt64?

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
        self.dropQueue = DispatchQueue(label: "wfpwatch.udp-drops.\(configuration.name)")
        self.receiveSlabBytes = min(
            Self.largestReceiveSlabBytes, max(2 * Self.receiveBufferBytes, configuration.queueBytes / 8))
        self.slab = UDPSlab(capacityBytes: receiveSlabBytes)
        self.datagrams = UDPDatagramQueue(
            capacityBytes: configuration.queueBytes,
            heldGauge: metrics.gauge("wfpwatch_udp_queue_bytes", ["listener": configuration.name]),
            fullWaits: metrics.counter("wfpwatch_udp_queue_full_waits_total", ["listener": configuration.name]))
    }

    /// Binds the socket and starts receiving. Throws a `ListenerError` naming the address, port
    /// and reason when the socket cannot be opened.
    public func start() throws {
        let socketDescriptor = try ListenerSocket.openBound(configuration, type: Int32(SOCK_DGRAM.rawValue))
        let grantedBytes = raiseReceiveBuffer(socketDescriptor)
        boundPort = ListenerSocket.boundPort(socketDescriptor)
        startDecoders()

        let source = DispatchSource.makeReadSource(fileDescriptor: socketDescriptor, queue: queue)
        source.setEventHandler { [self] in readDatagrams(socketDescriptor) }
        source.setCancelHandler { [self] in
            // What was read is decoded before the sinks close.
            close(socketDescriptor)
            handOver()
            datagrams.finish()
            decoders?.waitUntilFinished()
            handlersFinished.leave()
        }
        queue.sync {
            self.source = source
            self.socketDescriptor = socketDescriptor
        }
        handlersFinished.enter()
        source.resume()
        watchKernelDrops(socketDescriptor, grantedBytes: grantedBytes)

        log.log(.info, "listening", [
            ("listener", configuration.name), ("transport", "udp"), ("address", configuration.address),
            ("port", String(boundPort)),
            ("receive_buffer_requested_bytes", String(configuration.receiveBufferBytes)),
            ("receive_buffer_granted_bytes", String(grantedBytes)),
            ("queue_bytes", String(configuration.queueBytes)), ("decode_threads", String(decoders?.threadCount ?? 0)),
        ])
    }

    private func startDecoders() {
        let listenerAddress = PeerAddress(address: configuration.address, port: boundPort)
        let configuration = self.configuration
        let makeSink = self.makeSink
        let decoders = UDPDecodeThreads(requestedThreads: configuration.decodeThreads, queue: datagrams) {
            makeSink(listenerAddress, configuration)
        }
        decoders.start(name: configuration.name)
        self.decoders = decoders
    }

    /// Reads what the socket holds at the stop into the decode queue, bounded by the TCP
    /// listener's `stopDrainDuration`, so datagrams the kernel accepted before the stop are decoded.
    private func drainAtStop() {
        guard let socketDescriptor, source != nil else { return }
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(TCPListener.stopDrainDuration.nanosecondsTotal)
        while !readDatagrams(socketDescriptor), DispatchTime.now().uptimeNanoseconds < deadline {}
    }

    /// Reads what the socket already holds, then closes the socket and the sink (after what was read
    /// is decoded); returns once no handler of this listener runs again.
    /// Must not be called from the sink.
    public func stop() {
        dropQueue.sync {
            dropTimer?.cancel()
            dropTimer = nil
        }
        queue.sync {
            drainAtStop()
            source?.cancel()
            source = nil
        }
        handlersFinished.wait()
    }

    /// Once a second, adds what the kernel dropped for this socket since the last look to
    /// `wfpwatch_udp_kernel_drops_total`, and logs an error when it grew: those datagrams are lost.
    private func watchKernelDrops(_ socketDescriptor: Int32, grantedBytes: Int) {
        guard let inode = KernelUDPDrops.inode(of: socketDescriptor) else { return }
        socketInode = inode
        let timer = DispatchSource.makeTimerSource(queue: dropQueue)
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [self] in
            guard let drops = KernelUDPDrops.count(inode: inode), drops > kernelDropsSeen else { return }
            metrics.kernelDrops.add(drops - kernelDropsSeen)
            log.rateLimited(.error, "udp datagrams dropped by the kernel", [
                ("listener", configuration.name), ("dropped", String(drops - kernelDropsSeen)),
                ("receive_buffer_requested_bytes", String(configuration.receiveBufferBytes)),
                ("receive_buffer_granted_bytes", String(grantedBytes)),
            ])
            kernelDropsSeen = drops
        }
        timer.resume()
        dropQueue.sync { dropTimer = timer }
    }

    /// Asks for `receiveBufferBytes` (SO_RCVBUFFORCE passes `net.core.rmem_max` when privileged)
    /// and returns what the kernel granted for data: half of what `SO_RCVBUF` reads back.
    private func raiseReceiveBuffer(_ socketDescriptor: Int32) -> Int {
        var requested = Int32(clamping: configuration.receiveBufferBytes)
        let size = socklen_t(MemoryLayout<Int32>.size)
        if setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUFFORCE, &requested, size) != 0 {
            setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUF, &requested, size)
        }

        var granted: Int32 = 0
        var grantedSize = size
        getsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUF, &granted, &grantedSize)
        // Linux reports twice what it grants (the rest is its bookkeeping). Without
        // CAP_NET_ADMIN the request is cut to net.core.rmem_max, silently: say so.
        let grantedBytes = Int(granted) / 2
        if grantedBytes < Int(requested) {
            log.log(.warning, "udp receive buffer smaller than configured", [
                ("listener", configuration.name), ("receive_buffer_requested_bytes", String(requested)),
                ("receive_buffer_granted_bytes", String(grantedBytes)),
                ("limit", "net.core.rmem_max without CAP_NET_ADMIN"),
            ])
        }
        return grantedBytes
    }

    /// Drains the socket into slabs. A slab is queued when it has no room for another datagram
    /// of any size, or when the socket is empty; queuing waits while the queue is full. Returns
    /// whether the socket ran empty (or failed) rather than reaching `datagramsPerRead`.
    @discardableResult
    private func readDatagrams(_ socketDescriptor: Int32) -> Bool {
        for _ in 0..<Self.datagramsPerRead {
            if slab.receiveSpace.count < Self.receiveBufferBytes { handOver() }
            let space = slab.receiveSpace
            var sender = sockaddr_storage()
            var senderLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let received = withUnsafeMutablePointer(to: &sender) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(
                        socketDescriptor, space.baseAddress, Self.receiveBufferBytes, Int32(MSG_DONTWAIT), $0,
                        &senderLength)
                }
            }
            guard received >= 0 else {
                reportReadError(errno)
                handOver()
                return true
            }
            keep(UnsafeRawBufferPointer(rebasing: space[0..<received]), from: sender)
        }
        return false
    }

    private func keep(_ datagram: UnsafeRawBufferPointer, from sender: sockaddr_storage) {
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
        slab.commit(frame, info: info, receivedAt: receivedAt, from: peer)
    }

    /// Queues what the slab holds: the slab itself when it is nearly full, otherwise a compact
    /// copy, keeping the receive block for the next datagrams.
    private func handOver() {
        guard !slab.isEmpty else { return }
        if slab.receiveSpace.count < Self.receiveBufferBytes {
            datagrams.put(slab)
            slab = UDPSlab(capacityBytes: receiveSlabBytes)
        } else {
            datagrams.put(slab.compacted())
            slab.reset()
        }
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
