import Dispatch
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// One accepted TCP connection: reads into its own buffer, frames, and feeds its sink. All
/// state is confined to `queue`; `close(_:)` may be called from any other queue.
final class TCPConnection: @unchecked Sendable {
    static let receiveBufferBytes = 256 * 1024

    let peer: PeerAddress
    private let socketDescriptor: Int32
    private let configuration: ListenerConfiguration
    private let sink: any MessageSink
    private let receiveMetrics: ReceiveMetrics
    private let connectionMetrics: ConnectionMetrics
    private let log: Log
    private let handlersFinished: DispatchGroup
    private let onClose: @Sendable (TCPConnection) -> Void
    private let queue: DispatchQueue

    private var framer: TCPFramer
    private var buffer: UnsafeMutableRawBufferPointer?
    private var readSource: (any DispatchSourceRead)?
    private var idleTimer: (any DispatchSourceTimer)?
    private var lastActivityNanoseconds: UInt64 = DispatchTime.now().uptimeNanoseconds
    private var closed = false

    init(
        socketDescriptor: Int32, peer: PeerAddress, configuration: ListenerConfiguration, sink: any MessageSink,
        metrics: (ReceiveMetrics, ConnectionMetrics), log: Log, handlersFinished: DispatchGroup,
        onClose: @escaping @Sendable (TCPConnection) -> Void
    ) {
        self.socketDescriptor = socketDescriptor
        self.peer = peer
        self.configuration = configuration
        self.sink = sink
        (receiveMetrics, connectionMetrics) = metrics
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
            Glibc.close(socketDescriptor)
            buffer?.deallocate()
            buffer = nil
            handlersFinished.leave()
        }

        let idleTimer = DispatchSource.makeTimerSource(queue: queue)
        idleTimer.setEventHandler { [self] in checkIdle() }
        idleTimer.setCancelHandler { [handlersFinished] in handlersFinished.leave() }
        idleTimer.schedule(deadline: .now() + configuration.idleTimeout.dispatchInterval, leeway: .milliseconds(50))

        queue.sync {
            self.readSource = readSource
            self.idleTimer = idleTimer
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

    private func readOnce() {
        guard !closed, let buffer else { return }
        let received = read(socketDescriptor, buffer.baseAddress, buffer.count)
        if received > 0 {
            lastActivityNanoseconds = DispatchTime.now().uptimeNanoseconds
            receiveMetrics.receivedBytes.add(received)
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<received])
            deliver { framer, emit in framer.consume(chunk, emit) }
        } else if received == 0 {
            finish(.eof)
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            let errorNumber = errno
            log.rateLimited(.warning, "tcp read failed", [
                ("listener", configuration.name), ("peer", peer.description), ("errno", String(errorNumber)),
                ("error", String(cString: strerror(errorNumber))),
            ])
            finish(.error)
        }
    }

    /// Runs the framer over new bytes (or the end of the stream), hands every frame to the sink,
    /// counts them, and ends the read.
    private func deliver(_ framing: (inout TCPFramer, (UnsafeRawBufferPointer, FrameInfo) -> Void) -> Void) {
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
    }

    private func checkIdle() {
        guard !closed else { return }
        let idleNanoseconds = DispatchTime.now().uptimeNanoseconds &- lastActivityNanoseconds
        let limitNanoseconds = UInt64(max(0, configuration.idleTimeout.nanosecondsTotal))
        if idleNanoseconds >= limitNanoseconds {
            finish(.idle)
        } else {
            let remaining = DispatchTimeInterval.nanoseconds(Int(limitNanoseconds - idleNanoseconds))
            idleTimer?.schedule(deadline: .now() + remaining, leeway: .milliseconds(50))
        }
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
