import Foundation
import Synchronization
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 server for `GET /metrics`: one thread accepts, a thread per connection
/// answers.
///
/// Each connection gets one answer and is closed (`Connection: close`). Up to
/// `maximumConcurrentConnections` are served at once, each on a thread of its own; more are
/// closed at once. A request head longer than `MetricsHTTPRequest.maximumHeadBytes`, or one that does
/// not arrive within `requestTimeMilliseconds`, is answered 400 or dropped, so slow or hostile
/// clients hold a slot for at most that long and cannot queue a scraper behind them. Meant for
/// loopback and a scraper; it has no TLS and no authentication.
package final class MetricsHTTPServer: Sendable {
    /// Time one connection may take to send its request head and read the answer.
    package static let requestTimeMilliseconds = 2000
    /// Connections answered at the same time, each on a thread of its own.
    package static let maximumConcurrentConnections = 64

    private let address: String
    private let requestedPort: UInt16
    private let registry: MetricsRegistry
    /// Brings gauges that change with time alone (the outbox's oldest age) up to date.
    private let refresh: @Sendable () -> Void
    private let log: Log
    private let descriptor = Atomic<Int32>(-1)
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let active = Atomic<Int>(0)
    private let inFlight = DispatchGroup()

    package init(
        address: String, port: UInt16, registry: MetricsRegistry, log: Log, refresh: @escaping @Sendable () -> Void = {}
    ) {
        self.address = address
        self.requestedPort = port
        self.registry = registry
        self.refresh = refresh
        self.log = log
    }

    /// The bound port (the kernel's choice when 0 was asked for); 0 before `start()`.
    package var port: UInt16 {
        let bound = descriptor.load(ordering: .acquiring)
        return bound < 0 ? 0 : MetricsSocket.boundPort(bound)
    }

    /// Binds and starts answering.
    package func start() throws(MetricsSocketError) {
        let bound = try MetricsSocket.listen(address: address, port: requestedPort)
        descriptor.store(bound, ordering: .releasing)
        let thread = Thread { [self] in serve(bound) }
        thread.name = "wfpwatch-metrics"
        thread.start()
        let shown = address.contains(":") ? "[\(address)]" : address
        log.log(.info, "metrics endpoint listening", [("address", "\(shown):\(port)"), ("path", "/metrics")])
    }

    /// Stops accepting, waits for the thread to finish its current connection, closes the socket.
    package func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        guard descriptor.load(ordering: .acquiring) >= 0 else { return }
        finished.wait()
        inFlight.wait()
        close(descriptor.exchange(-1, ordering: .acquiringAndReleasing))
    }

    private func serve(_ listening: Int32) {
        var poller = pollfd(fd: listening, events: Int16(POLLIN), revents: 0)
        while !stopping.load(ordering: .acquiring) {
            // A short poll so that `stop()` is seen without closing the socket under the thread.
            guard poll(&poller, 1, 200) > 0 else { continue }
            let connection = accept(listening, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            guard active.add(1, ordering: .acquiringAndReleasing).newValue <= Self.maximumConcurrentConnections else {
                active.subtract(1, ordering: .acquiringAndReleasing)
                registry.counter("wfpwatch_metrics_requests_total", ["code": "refused"]).add()
                close(connection)
                continue
            }
            inFlight.enter()
            // A thread each rather than a shared pool: a silent client blocks its thread in
            // recv for up to the request time, and must not hold up the others.
            let thread = Thread { [self] in
                answer(connection)
                close(connection)
                active.subtract(1, ordering: .acquiringAndReleasing)
                inFlight.leave()
            }
            thread.name = "wfpwatch-metrics-client"
            thread.start()
        }
        finished.signal()
    }

    /// Reads the request head within the time bound, then writes the answer.
    private func answer(_ connection: Int32) {
        MetricsSocket.setTimeouts(connection, milliseconds: Self.requestTimeMilliseconds)
        let deadline = DispatchTime.now() + .milliseconds(Self.requestTimeMilliseconds)
        var head = [UInt8](repeating: 0, count: MetricsHTTPRequest.maximumHeadBytes)
        var received = 0

        while received < head.count {
            let count = head.withUnsafeMutableBytes {
                recv(connection, $0.baseAddress! + received, $0.count - received, 0)
            }
            if count < 0 && errno == EINTR && DispatchTime.now() < deadline { continue }
            guard count > 0 else { return }
            received += count
            let complete = head.withUnsafeBytes { MetricsHTTPRequest.headEnd(.init(rebasing: $0[..<received])) != nil }
            if complete { break }
            guard DispatchTime.now() < deadline else { return }
        }

        let outcome = head.withUnsafeBytes { raw -> MetricsHTTPRequest.Outcome in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[..<received])
            return MetricsHTTPRequest.headEnd(bytes) == nil ? .badRequest : MetricsHTTPRequest.outcome(bytes)
        }
        registry.counter("wfpwatch_metrics_requests_total", ["code": outcome.code]).add()
        respond(connection, outcome)
    }

    private func respond(_ connection: Int32, _ outcome: MetricsHTTPRequest.Outcome) {
        let body: String
        var contentType = "text/plain; charset=utf-8"
        var headOnly = false
        switch outcome {
        case .metrics(let onlyHead):
            refresh()
            body = MetricsExposition.text(registry)
            contentType = MetricsExposition.contentType
            headOnly = onlyHead
        case .notFound: body = "not found; metrics are at /metrics\n"
        case .methodNotAllowed: body = "only GET and HEAD are answered\n"
        case .badRequest: body = "bad request\n"
        }

        var response = "HTTP/1.1 \(outcome.statusLine)\r\nContent-Type: \(contentType)\r\n"
        response += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        if outcome == .methodNotAllowed { response += "Allow: GET, HEAD\r\n" }
        response += "\r\n"
        if !headOnly { response += body }
        var bytes = Array(response.utf8)
        _ = bytes.withUnsafeMutableBytes { MetricsSocket.sendAll(connection, UnsafeRawBufferPointer($0)) }
    }
}
