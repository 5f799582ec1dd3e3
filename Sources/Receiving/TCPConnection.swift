import Dispatch
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// One accepted TCP connection: reads into its own buffer (through TLS when the listener has a
/// `TLSSession` for it), frames, and feeds its sink. All state is confined to `queue`;
/// `close(_:)` may be called from any other queue.
///
/// Bytes buffered per connection are bounded: the receive buffer is fixed, and the framer carries
/// only a frame spanning reads, never more than `maximumMessageBytes` of it.
final class TCPConnection: @unchecked Sendable {
    static let receiveBufferBytes = 256 * 1024
    /// TLS records decrypted per wake-up before other connections get a turn.
    static let recordsPerRead = 64

    let peer: PeerAddress
    private let socketDescriptor: Int32
    private let configuration: ListenerConfiguration
    private let sink: any MessageSink
    private let receiveMetrics: ReceiveMetrics
    private let connectionMetrics: ConnectionMetrics
    private let tlsMetrics: TLSMetrics?
    private let log: Log
    private let handlersFinished: DispatchGroup
    private let onClose: @Sendable (TCPConnection) -> Void
    private let queue: DispatchQueue

    private var framer: TCPFramer
    private var buffer: UnsafeMutableRawBufferPointer?
    private var readSource: (any DispatchSourceRead)?
    private var idleTimer: (any DispatchSourceTimer)?
    private var lastActivityNanoseconds: UInt64 = DispatchTime.now().uptimeNanoseconds
    /// When the frame now in progress began, or last completed frame if later; nil between frames.
    private var partialFrameSinceNanoseconds: UInt64?
    private var tlsSession: TLSSession?
    private var closed = false

    init(
        socketDescriptor: Int32, peer: PeerAddress, configuration: ListenerConfiguration, sink: any MessageSink,
        metrics: (ReceiveMetrics, ConnectionMetrics), log: Log, handlersFinished: DispatchGroup,
        tls: (TLSSession, TLSMetrics)? = nil, onClose: @escaping @Sendable (TCPConnection) -> Void
    ) {
        self.socketDescriptor = socketDescriptor
        self.peer = peer
        self.configuration = configuration
        self.sink = sink
        (receiveMetrics, connectionMetrics) = metrics
        self.tlsSession = tls?.0
        self.tlsMetrics = tls?.1
        // A TLS handshake counts as a frame in progress, so that one trickled byte by byte is
        // closed by the slow-sender timeout too.
        if tls != nil { partialFrameSinceNanoseconds = lastActivityNanoseconds }
        self.log = log
        self.handlersFinished = handlersFinished
        self.onClose = onClose
        self.queue = DispatchQueue(label: "wfpwatch.tcp.\(configuration.name).connection")
        self.framer = TCPFramer(maximumMessageBytes: configuration.maximumMessageBytes)
    }

    /// Starts reading and the idle check.
    func start() {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.receiveBufferBytes, alignment: 16)
        let readSource = DispatchSource.makeReadSource(fileDescriptor: socketDescriptor, queue: queue)
        readSource.setEventHandler { [self] in readOnce() }
        readSource.setCancelHandler { [self] in
            tlsSession?.shutdown()
            tlsSession = nil
            Glibc.close(socketDescriptor)
            buffer?.deallocate()
            buffer = nil
            handlersFinished.leave()
        }

        let idleTimer = DispatchSource.makeTimerSource(queue: queue)
        idleTimer.setEventHandler { [self] in checkTimeouts() }
        idleTimer.setCancelHandler { [handlersFinished] in handlersFinished.leave() }

        queue.sync {
            self.readSource = readSource
            self.idleTimer = idleTimer
            scheduleTimeoutCheck(now: DispatchTime.now().uptimeNanoseconds)
        }
        handlersFinished.enter()
        handlersFinished.enter()
        readSource.resume()
        idleTimer.resume()
    }

    /// Closes the connection from outside its queue; waits for a read in progress to finish.
    func close(_ reason: ConnectionMetrics.CloseReason) {
        queue.sync { finish(reason) }
    }

    /// Closes the connection as the listener stops: first reads what the kernel already holds for
    /// it (until a read would block, the sender closes, or `deadlineNanoseconds` of the uptime
    /// clock pass) and hands those frames on; then drops a frame cut short by the stop rather than
    /// decode half of it. Returns whether such a frame was dropped. Called from outside `queue`.
    func drainAndClose(deadlineNanoseconds: UInt64) -> Bool {
        queue.sync {
            while !closed, DispatchTime.now().uptimeNanoseconds < deadlineNanoseconds {
                guard readChunk() == .bytes else { break }
            }
            guard !closed else { return false }
            // A TLS record cut short is as incomplete as a cut frame: its lines never arrive.
            let incomplete = framer.abandon() || (tlsSession?.holdsUnreadBytes ?? false)
            finish(.stop)
            return incomplete
        }
    }

    private enum ReadOutcome {
        case bytes
        case wouldBlock
        /// TLS must write (a handshake reply) into a full send buffer first.
        case retryShortly
        case ended
    }

    /// Runs when the socket is readable: one read, or for TLS up to `recordsPerRead` records so
    /// that other connections get a turn.
    private func readOnce() {
        let chunks = tlsSession == nil ? 1 : Self.recordsPerRead
        for _ in 0..<chunks where !closed {
            switch readChunk() {
            case .bytes:
                continue
            case .retryShortly:
                // Rare: retry shortly rather than keep a write source for it.
                queue.asyncAfter(deadline: .now() + .milliseconds(5)) { [self] in readOnce() }
                return
            case .wouldBlock, .ended:
                return
            }
        }
    }

    /// Reads once from the socket (or one TLS record) and frames what came.
    private func readChunk() -> ReadOutcome {
        guard !closed, let buffer else { return .ended }
        if let tlsSession { return readDecrypted(tlsSession, into: buffer) }

        let received = read(socketDescriptor, buffer.baseAddress, buffer.count)
        if received > 0 {
            accept(UnsafeRawBufferPointer(rebasing: buffer[0..<received]))
            return .bytes
        }
        if received == 0 {
            finish(.eof)
            return .ended
        }
        let errorNumber = errno
        if errorNumber == EINTR { return .bytes }
        if errorNumber == EAGAIN || errorNumber == EWOULDBLOCK { return .wouldBlock }
        readFailed(String(cString: strerror(errorNumber)), errorNumber: errorNumber)
        return .ended
    }

    /// Runs the handshake, or reads one record. Without read-ahead OpenSSL takes one record at a
    /// time off the socket and the buffer holds any record's plaintext, so bytes not read yet
    /// stay in the socket and wake the read source again. For TLS the slow-sender clock runs from
    /// the connection's start until the handshake and the first frame are done.
    private func readDecrypted(_ session: TLSSession, into buffer: UnsafeMutableRawBufferPointer) -> ReadOutcome {
        switch session.read(into: buffer) {
        case .bytes(let count):
            accept(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            return .bytes
        case .wantRead:
            if session.handshakeDone && framer.isBetweenFrames { partialFrameSinceNanoseconds = nil }
            return .wouldBlock
        case .wantWrite:
            return .retryShortly
        case .closed:
            finish(.eof)
        case .refused(let reason):
            refuse(reason)
        case .failed(let reason):
            readFailed(reason, errorNumber: 0)
        }
        return .ended
    }

    /// Frames the bytes of one read and keeps the activity and slow-sender clocks.
    private func accept(_ chunk: UnsafeRawBufferPointer) {
        let now = DispatchTime.now().uptimeNanoseconds
        lastActivityNanoseconds = now
        receiveMetrics.receivedBytes.add(chunk.count)
        let messages = deliver { framer, emit in framer.consume(chunk, emit) }

        if framer.isBetweenFrames {
            partialFrameSinceNanoseconds = nil
        } else if partialFrameSinceNanoseconds == nil {
            partialFrameSinceNanoseconds = now
            scheduleTimeoutCheck(now: now)
        } else if messages > 0 {
            partialFrameSinceNanoseconds = now
        }
    }

    private func refuse(_ reason: TLSRefusal) {
        tlsMetrics?.failure(reason).add()
        log.rateLimited(.warning, "tls connection refused", [
            ("listener", configuration.name), ("peer", peer.description), ("reason", reason.rawValue),
        ], scope: reason.rawValue)
        finish(.refused)
    }

    private func readFailed(_ reason: String, errorNumber: Int32) {
        log.rateLimited(.warning, "tcp read failed", [
            ("listener", configuration.name), ("peer", peer.description), ("errno", String(errorNumber)),
            ("error", reason),
        ])
        finish(.error)
    }

    /// Runs the framer over new bytes (or the end of the stream), hands every frame to the sink,
    /// counts them, and ends the read.
    @discardableResult
    private func deliver(_ framing: (inout TCPFramer, (UnsafeRawBufferPointer, FrameInfo) -> Void) -> Void) -> Int {
        let receivedAt = WallClock.now()
        let sink = self.sink
        var messages = 0
        var truncated = 0
        framing(&framer) { frame, info in
            messages += 1
            if info.truncated { truncated += 1 }
            sink.receive(frame: frame, info: info, receivedAt: receivedAt)
        }

        receiveMetrics.receivedMessages.add(messages)
        if truncated > 0 { receiveMetrics.framesTruncated.add(truncated) }
        sink.endOfRead()
        return messages
    }

    /// Closes an idle connection, or a slow sender mid-frame; otherwise waits for the nearer
    /// of the two deadlines.
    private func checkTimeouts() {
        guard !closed else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let idleLimit = UInt64(max(0, configuration.idleTimeout.nanosecondsTotal))
        if now &- lastActivityNanoseconds >= idleLimit {
            finish(.idle)
        } else if let slowLimit = slowSenderLimitNanoseconds, let since = partialFrameSinceNanoseconds,
            now &- since >= slowLimit {
            log.rateLimited(.warning, "slow sender closed", [
                ("listener", configuration.name), ("peer", peer.description),
                ("slow_sender_timeout_ms", String(slowLimit / 1_000_000)),
            ])
            finish(.slow)
        } else {
            scheduleTimeoutCheck(now: now)
        }
    }

    private var slowSenderLimitNanoseconds: UInt64? {
        configuration.senderControl.slowSenderTimeout.map { UInt64(max(0, $0.nanosecondsTotal)) }
    }

    private func scheduleTimeoutCheck(now: UInt64) {
        var deadline = lastActivityNanoseconds &+ UInt64(max(0, configuration.idleTimeout.nanosecondsTotal))
        if let slowLimit = slowSenderLimitNanoseconds, let since = partialFrameSinceNanoseconds {
            deadline = min(deadline, since &+ slowLimit)
        }
        let remaining = DispatchTimeInterval.nanoseconds(Int(clamping: deadline > now ? deadline - now : 0))
        idleTimer?.schedule(deadline: .now() + remaining, leeway: .milliseconds(20))
    }

    /// Ends the connection once: a last partial line is handed on, the sink closed, the sources
    /// cancelled (their cancel handlers close the socket).
    private func finish(_ reason: ConnectionMetrics.CloseReason) {
        guard !closed else { return }
        closed = true
        deliver { framer, emit in framer.finish(emit) }
        sink.close()

        readSource?.cancel()
        idleTimer?.cancel()
        readSource = nil
        idleTimer = nil
        connectionMetrics.closed(reason).add()
        connectionMetrics.openConnections.add(-1)
        onClose(self)
    }
}

extension Duration {
    var dispatchInterval: DispatchTimeInterval {
        .nanoseconds(Int(clamping: max(0, nanosecondsTotal)))
    }
}
