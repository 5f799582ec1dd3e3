import Dispatch
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// Accepts syslog connections on one TCP socket and gives each its own sink, framer and
/// queue. Connections beyond `maximumConnections` are accepted and closed at once; connections
/// quiet for `idleTimeout` are closed. The connection table is confined to the listener's queue.
public final class TCPListener: @unchecked Sendable {
    static let backlog: Int32 = 128

    public let configuration: ListenerConfiguration
    private let makeSink: MessageSinkFactory
    private let receiveMetrics: ReceiveMetrics
    private let connectionMetrics: ConnectionMetrics
    private let log: Log
    private let queue: DispatchQueue
    /// Entered once per dispatch source (accept source, and per connection its read source and
    /// idle timer); left in the source's cancel handler.
    private let handlersFinished = DispatchGroup()

    private var acceptSource: (any DispatchSourceRead)?
    private var connections: [ObjectIdentifier: TCPConnection] = [:]
    private var stopping = false
    /// Accepting is paused for a moment when the process is out of file descriptors, since the
    /// pending connection would wake the accept source again at once.
    private var acceptPaused = false

    /// The port bound by `start()`; the kernel's choice when configured as 0.
    public private(set) var boundPort: UInt16 = 0

    public init(
        configuration: ListenerConfiguration, makeSink: @escaping MessageSinkFactory, metrics: MetricsRegistry,
        log: Log
    ) {
        self.configuration = configuration
        self.makeSink = makeSink
        self.receiveMetrics = ReceiveMetrics(metrics, configuration)
        self.connectionMetrics = ConnectionMetrics(metrics, configuration)
        self.log = log
        self.queue = DispatchQueue(label: "wfpwatch.tcp.\(configuration.name)")
    }

    /// Binds and listens. Throws a `ListenerError` naming the address, port and reason.
    public func start() throws {
        let socketDescriptor = try ListenerSocket.openBound(configuration, type: Int32(SOCK_STREAM.rawValue))
        guard listen(socketDescriptor, Self.backlog) == 0 else {
            let listenError = errno
            close(socketDescriptor)
            throw ListenerError(
                listener: configuration.name, operation: "listen on", address: configuration.address,
                port: configuration.port, errorNumber: listenError)
        }
        boundPort = ListenerSocket.boundPort(socketDescriptor)

        let source = DispatchSource.makeReadSource(fileDescriptor: socketDescriptor, queue: queue)
        source.setEventHandler { [self] in acceptPending(socketDescriptor) }
        source.setCancelHandler { [handlersFinished] in
            close(socketDescriptor)
            handlersFinished.leave()
        }
        queue.sync { acceptSource = source }
        handlersFinished.enter()
        source.resume()

        log.log(.info, "listening", [
            ("listener", configuration.name), ("transport", "tcp"), ("address", configuration.address),
            ("port", String(boundPort)),
        ])
    }

    /// Closes the socket and every connection (each sink is closed once) and returns once no
    /// handler of this listener runs again. Must not be called from a sink.
    public func stop() {
        let open: [TCPConnection] = queue.sync {
            stopping = true
            acceptSource?.cancel()
            if acceptPaused { acceptSource?.resume() }
            acceptPaused = false
            acceptSource = nil
            return Array(connections.values)
        }
        for connection in open { connection.close(.stop) }
        handlersFinished.wait()
        queue.sync {}
    }

    /// The number of connections being served (for tests and status).
    var openConnectionCount: Int { queue.sync { connections.count } }

    private func acceptPending(_ listeningDescriptor: Int32) {
        while true {
            var peerStorage = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let accepted = withUnsafeMutablePointer(to: &peerStorage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listeningDescriptor, $0, &peerLength) }
            }
            guard accepted >= 0 else {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE { pauseAccepting() }
                reportAcceptError(errno)
                return
            }
            admit(accepted, peer: ListenerSocket.peerAddress(peerStorage))
        }
    }

    /// Serves a new connection, or closes it at once when stopping or at the connection limit.
    private func admit(_ socketDescriptor: Int32, peer: PeerAddress) {
        guard !stopping, connections.count < configuration.maximumConnections else {
            // Counted and logged before the close, so a sender that sees the close also sees them.
            if !stopping {
                connectionMetrics.refusedAtLimit.add()
                log.rateLimited(.warning, "tcp connection refused", [
                    ("listener", configuration.name), ("peer", peer.description), ("reason", "limit"),
                    ("maximum_connections", String(configuration.maximumConnections)),
                ])
            }
            close(socketDescriptor)
            return
        }

        _ = fcntl(socketDescriptor, F_SETFL, fcntl(socketDescriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(socketDescriptor, F_SETFD, FD_CLOEXEC)
        connectionMetrics.accepted.add()
        connectionMetrics.openConnections.add(1)

        let connection = TCPConnection(
            socketDescriptor: socketDescriptor, peer: peer, configuration: configuration,
            sink: makeSink(peer, configuration), metrics: (receiveMetrics, connectionMetrics), log: log,
            handlersFinished: handlersFinished,
            onClose: { [weak self] closed in self?.forget(closed) })
        connections[ObjectIdentifier(connection)] = connection
        connection.start()
    }

    private func pauseAccepting() {
        guard !acceptPaused, let acceptSource else { return }
        acceptPaused = true
        acceptSource.suspend()
        queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
            guard acceptPaused else { return }
            acceptPaused = false
            self.acceptSource?.resume()
        }
    }

    private func forget(_ connection: TCPConnection) {
        queue.async { [self] in
            connections[ObjectIdentifier(connection)] = nil
        }
    }

    private func reportAcceptError(_ errorNumber: Int32) {
        guard errorNumber != EAGAIN && errorNumber != EWOULDBLOCK else { return }
        log.rateLimited(.warning, "tcp accept failed", [
            ("listener", configuration.name), ("errno", String(errorNumber)),
            ("error", String(cString: strerror(errorNumber))),
        ])
    }
}
