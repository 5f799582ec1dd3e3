import Receiving
import WFPCore

/// One configured listener of `serve`, whatever its transport.
package enum ServeListener: Sendable {
    case udp(UDPListener)
    case tcp(TCPListener)

    package init(
        _ configuration: ListenerConfiguration, makeSink: @escaping MessageSinkFactory, metrics: MetricsRegistry,
        log: Log
    ) {
        switch configuration.transport {
        case .udp:
            self = .udp(UDPListener(configuration: configuration, makeSink: makeSink, metrics: metrics, log: log))
        case .tcp:
            self = .tcp(TCPListener(configuration: configuration, makeSink: makeSink, metrics: metrics, log: log))
        }
    }

    /// Binds the socket and starts receiving; the listener logs where it listens.
    package func start() throws {
        switch self {
        case .udp(let listener): try listener.start()
        case .tcp(let listener): try listener.start()
        }
    }

    /// Closes the socket (and every TCP connection) and waits until no handler runs again.
    package func stop() {
        switch self {
        case .udp(let listener): listener.stop()
        case .tcp(let listener): listener.stop()
        }
    }
}
