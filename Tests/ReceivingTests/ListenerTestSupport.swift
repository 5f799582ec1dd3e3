import Foundation
import Synchronization
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

/// A sink that copies out every frame and counts its calls.
final class RecordingSink: MessageSink, Sendable {
    struct State {
        var frames: [CapturedFrame] = []
        var peers: [PeerAddress] = []
        var endOfReadCalls = 0
        var closeCalls = 0
    }

    let connectionPeer: PeerAddress
    private let state = Mutex(State())

    init(connectionPeer: PeerAddress) {
        self.connectionPeer = connectionPeer
    }

    func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp) {
        state.withLock { $0.frames.append(CapturedFrame(Array(frame), info)) }
    }

    func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp, from peer: PeerAddress) {
        state.withLock {
            $0.frames.append(CapturedFrame(Array(frame), info))
            $0.peers.append(peer)
        }
    }

    func endOfRead() { state.withLock { $0.endOfReadCalls += 1 } }
    func close() { state.withLock { $0.closeCalls += 1 } }

    var snapshot: State { state.withLock { $0 } }
    var frames: [CapturedFrame] { snapshot.frames }
    var texts: [String] { frames.map { String(decoding: $0.bytes, as: UTF8.self) } }
}

/// Keeps every sink a listener made, in order of creation; `make` builds each one.
final class SinkList<Sink: MessageSink & Sendable>: Sendable {
    private let make: @Sendable (PeerAddress) -> Sink
    private let sinks = Mutex<[Sink]>([])

    init(make: @escaping @Sendable (PeerAddress) -> Sink) {
        self.make = make
    }

    var factory: MessageSinkFactory {
        { [self] peer, _ in
            let sink = make(peer)
            sinks.withLock { $0.append(sink) }
            return sink
        }
    }

    var all: [Sink] { sinks.withLock { $0 } }
}

/// The sinks of a listener as `RecordingSink`s.
typealias SinkRecorder = SinkList<RecordingSink>

extension SinkList where Sink == RecordingSink {
    convenience init() {
        self.init { RecordingSink(connectionPeer: $0) }
    }
}

/// Log lines kept for assertions.
final class RecordingLogBackend: LogBackend {
    private let lines = Mutex<[String]>([])

    func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        let line = "\(level) \(message) " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        lines.withLock { $0.append(line) }
    }

    var all: [String] { lines.withLock { $0 } }
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}

func counterValue(_ registry: MetricsRegistry, _ name: String, _ labels: [String: String]) -> Int {
    registry.counterValues().first { key, _ in
        key.name == name && Dictionary(uniqueKeysWithValues: key.labels.map { ($0.name, $0.value) }) == labels
    }?.1 ?? 0
}

/// A blocking client socket connected to `port` on loopback.
func connectClient(port: UInt16, address: String = "127.0.0.1", type: Int32 = Int32(SOCK_STREAM.rawValue)) -> Int32 {
    var storage = ListenerSocket.parse(address, port: port)!
    let descriptor = socket(Int32(storage.ss_family), type, 0)
    let length = storage.ss_family == sa_family_t(AF_INET)
        ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size
    let result = withUnsafePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(length)) }
    }
    precondition(result == 0, "connect to port \(port) failed: errno \(errno)")
    return descriptor
}

func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    var sent = 0
    while sent < bytes.count {
        let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + sent, bytes.count - sent, 0) }
        precondition(written > 0, "send failed: errno \(errno)")
        sent += written
    }
}

/// True once the peer has closed the connection (a read returns 0 or fails) within `timeout`.
func peerClosed(_ descriptor: Int32, timeout: Duration = .seconds(5)) -> Bool {
    var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    let milliseconds = Int32(timeout.nanosecondsTotal / 1_000_000)
    guard poll(&pollDescriptor, 1, milliseconds) == 1 else { return false }
    var byte: UInt8 = 0
    return recv(descriptor, &byte, 1, 0) <= 0
}

/// Runs `/usr/bin/logger` with `arguments` and waits for it to exit.
func runLogger(_ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/logger")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

func makeLog() -> (Log, RecordingLogBackend) {
    let backend = RecordingLogBackend()
    return (Log(backend: backend, minimumLevel: .debug), backend)
}
