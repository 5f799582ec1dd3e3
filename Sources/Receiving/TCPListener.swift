import Dispatch
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// Accepts syslog connections on one TCP socket and gives each its own sink, framer and
/// queue; with `configuration.tls` set, each connection speaks TLS (RFC 5425).
///
/// Connections beyond `maximumConnections`, from senders outside `allowedSources`, or beyond
/// `maximumConnectionsPerSource` are accepted and closed at once, and counted by reason;
/// connections quiet for `idleTimeout` or stuck mid-frame past `slowSenderTimeout` are closed.
/// The connection table is confined to the listener's queue.
public final class TCPListener: @unchecked Sendable {
    static let backlog: Int32 = 128

    public let configuration: ListenerConfiguration
    private let makeSink: MessageSinkFactory
    private let receiveMetrics: ReceiveMetrics
    private let connectionMetrics: ConnectionMetrics
    private let tlsMetrics: TLSMetrics?
    private let log: Log
    private let queue: DispatchQueue
    /// Entered once per dispatch source (accept source, and per connection its read source and
    /// idle timer); left in the source's cancel handler.
    private let handlersFinished = DispatchGroup()

    private var acceptSource: (any DispatchSourceRead)?
    private var connections: [ObjectIdentifier: TCPConnection] = [:]
    private var connectionsPerSource: [String: Int] = [:]
    /// The context new TLS connections use; replaced by `reloadCertificates()`.
    private var tlsContext: TLSContext?
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
        self.tlsMetrics = configuration.tls.map { _ in TLSMetrics(metrics, configuration) }
        self.log = log
        self.queue = DispatchQueue(label: "wfpwatch.tcp.\(configuration.name)")
    }

    /// Reads the TLS files (when configured; SIGPIPE is then ignored), binds and listens. Throws a
    /// `TLSSetupError` naming the file that could not be used, or a `ListenerError` naming the
    /// address, port and reason.
    public func start() throws {
        if let tls = configuration.tls {
            // TLS writes to its sockets (handshake replies, alerts, close_notify); a sender gone by
            // then must cost an error return, not the process. `serve` ignores SIGPIPE as well.
            signal(SIGPIPE, SIG_IGN)
            let context = try TLSContext(tls, listener: configuration.name)
            queue.sync { tlsContext = context }
        }
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
            ("listener", configuration.name), ("transport", configuration.transportLabel),
            ("address", configuration.address),
            ("port", String(boundPort)),
        ])
    }

    /// Stops accepting, then closes every connection after reading what the kernel already holds
    /// for it (bounded by `stopDrainDuration` for all connections together), so that lines a
    /// sender had delivered before the stop reach the sink. A frame cut short by the stop is
    /// dropped, counted in `wfpwatch_frames_incomplete_at_stop_total` and logged once. Each sink
    /// is closed once. Returns once no handler of this listener runs again. Must not be called
    /// from a sink.
    public func stop() {
        let open: [TCPConnection] = queue.sync {
            stopping = true
            acceptSource?.cancel()
            if acceptPaused { acceptSource?.resume() }
            acceptPaused = false
            acceptSource = nil
            return Array(connections.values)
        }

        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(Self.stopDrainDuration.nanosecondsTotal)
        let incomplete = open.reduce(0) { $0 + ($1.drainAndClose(deadlineNanoseconds: deadline) ? 1 : 0) }
        reportIncompleteFrames(incomplete)
        handlersFinished.wait()
        queue.sync {}
    }

    /// How long `stop()` keeps reading what open connections already hold, for all together.
    public static let stopDrainDuration = Duration.seconds(2)

    private func reportIncompleteFrames(_ count: Int) {
        guard count > 0 else { return }
        receiveMetrics.framesIncompleteAtStop.add(count)
        log.log(.warning, "partial frames dropped at stop", [
            ("listener", configuration.name), ("connections", String(count)),
            ("stop_drain_ms", String(Self.stopDrainDuration.nanosecondsTotal / 1_000_000)),
        ])
    }

    /// Re-reads the certificate, key and CA files and uses them for connections accepted from
    /// now on; open connections keep the certificates they were accepted with. On failure the
    /// listener keeps its current certificates and the error names the file and reason. Meant for
    /// the daemon's SIGHUP handling; does nothing for a listener without TLS.
    public func reloadCertificates() throws(TLSSetupError) {
        guard let tls = configuration.tls else { return }
        let context = try TLSContext(tls, listener: configuration.name)
        queue.sync { tlsContext = context }
        log.log(.info, "tls certificates reloaded", [
            ("listener", configuration.name), ("certificate", tls.certificatePath),
        ])
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

    /// Serves a new connection, or closes it at once when stopping or when the sender control
    /// refuses it.
    private func admit(_ socketDescriptor: Int32, peer: PeerAddress) {
        if let refusal = refusal(of: peer) {
            // Counted and logged before the close, so a sender that sees the close also sees them.
            if !stopping { countRefusal(refusal, peer: peer) }
            close(socketDescriptor)
            return
        }

        _ = fcntl(socketDescriptor, F_SETFL, fcntl(socketDescriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(socketDescriptor, F_SETFD, FD_CLOEXEC)
        var tls: (TLSSession, TLSMetrics)?
        if let tlsContext, let tlsMetrics {
            guard let session = TLSSession(context: tlsContext, socketDescriptor: socketDescriptor) else {
                close(socketDescriptor)
                return
            }
            tls = (session, tlsMetrics)
        }
        connectionMetrics.accepted.add()
        connectionMetrics.openConnections.add(1)

        let connection = TCPConnection(
            socketDescriptor: socketDescriptor, peer: peer, configuration: configuration,
            sink: makeSink(peer, configuration), metrics: (receiveMetrics, connectionMetrics), log: log,
            handlersFinished: handlersFinished, tls: tls,
            onClose: { [weak self] closed in self?.forget(closed) })
        connections[ObjectIdentifier(connection)] = connection
        connectionsPerSource[peer.address, default: 0] += 1
        connection.start()
    }

    /// Why `peer` may not connect now, or nil when it may. Stopping counts as `limit`, uncounted.
    private func refusal(of peer: PeerAddress) -> ConnectionMetrics.RefusalReason? {
        let control = configuration.senderControl
        if stopping || connections.count >= configuration.maximumConnections { return .limit }
        if !control.allows(peer) { return .source }
        if let perSource = control.maximumConnectionsPerSource,
            connectionsPerSource[peer.address, default: 0] >= perSource {
            return .perSource
        }
        return nil
    }

    private func countRefusal(_ reason: ConnectionMetrics.RefusalReason, peer: PeerAddress) {
        connectionMetrics.refused(reason).add()
        let limit = reason == .perSource
            ? configuration.senderControl.maximumConnectionsPerSource ?? 0 : configuration.maximumConnections
        log.rateLimited(.warning, "tcp connection refused", [
            ("listener", configuration.name), ("peer", peer.description), ("reason", reason.rawValue),
            ("limit", reason == .source ? "allowed_sources" : String(limit)),
        ], scope: reason.rawValue)
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
            guard connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
            let remaining = connectionsPerSource[connection.peer.address, default: 1] - 1
            connectionsPerSource[connection.peer.address] = remaining > 0 ? remaining : nil
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
