import Dispatch
import Foundation
import Synchronization
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

/// A sink that takes about 50 µs a message, like header parsing and decoding, and notes which
/// numbered datagrams arrived and whether each arrived whole. With a `gate`, every call waits
/// until `release()`.
final class SlowNumberedSink: MessageSink, Sendable {
    let seen = Mutex(Set<Int>())
    let wholeFrames = Atomic<Int>(0)
    let datagramBytes: Int
    private let gate: DispatchSemaphore?
    private let released = Atomic<Bool>(false)

    init(datagramBytes: Int, gate: DispatchSemaphore? = nil) {
        self.datagramBytes = datagramBytes
        self.gate = gate
    }

    func release() {
        released.store(true, ordering: .sequentiallyConsistent)
        gate?.signal()
    }

    func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp) {
        if let gate, !released.load(ordering: .sequentiallyConsistent) {
            gate.wait()
            gate.signal()
        }
        usleep(50)
        let number = Int(String(decoding: frame[10..<18], as: UTF8.self)) ?? -1
        seen.withLock { _ = $0.insert(number) }
        if frame.count == datagramBytes && frame.last == UInt8(ascii: "z") {
            wholeFrames.add(1, ordering: .relaxed)
        }
    }

    func endOfRead() {}
    func close() {}

    var count: Int { seen.withLock { $0.count } }
}

@Suite struct UDPBurstTests {
    /// `<13>burst NNNNNNNN xxx…z`, `bytes` long.
    static func numberedDatagram(_ number: Int, bytes: Int) -> [UInt8] {
        var datagram = Array("<13>burst ".utf8) + Array(String(format: "%08d ", number).utf8)
        datagram += [UInt8](repeating: UInt8(ascii: "x"), count: bytes - datagram.count - 1)
        return datagram + [UInt8(ascii: "z")]
    }

    /// Decoding is held shut for the whole burst: a reader that decoded on its own thread would
    /// stop at the first datagram and the kernel would drop all but a socket buffer's worth
    /// (about 1,800 of these in 4 MiB). This reader must read every one into its queue while
    /// decoding waits, then hand each on whole once decoding resumes. The sender is paced (about
    /// 10,000 a second) so the reader may be descheduled for some 150 ms without loss.
    @Test func udpListener_readsWholeBurstWhileDecodingIsHeld_andLosesNone() throws {
        let datagramBytes = 1_400
        let sent = 10_000
        let gate = DispatchSemaphore(value: 0)
        let sink = SlowNumberedSink(datagramBytes: datagramBytes, gate: gate)
        let registry = MetricsRegistry()
        let (log, _) = makeLog()
        let configuration = ListenerConfiguration(
            name: "burst", transport: .udp, port: 0, receiveBufferBytes: 4 * 1024 * 1024)
        let listener = UDPListener(
            configuration: configuration, makeSink: { _, _ in sink }, metrics: registry, log: log)
        try listener.start()
        defer { listener.stop() }

        let client = connectClient(port: listener.boundPort, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(client) }
        for number in 0..<sent {
            _ = Self.numberedDatagram(number, bytes: datagramBytes).withUnsafeBytes {
                send(client, $0.baseAddress, $0.count, 0)
            }
            if number % 10 == 9 { usleep(1_000) }
        }

        let labels = ["listener": "burst", "transport": "udp"]
        #expect(eventually(timeout: .seconds(30)) {
            counterValue(registry, "wfpwatch_received_messages_total", labels) == sent
        })
        #expect(sink.count == 0, "decoding is still held")
        let inode = try #require(listener.socketInode)
        #expect(KernelUDPDrops.count(inode: inode) == 0)

        sink.release()
        #expect(eventually(timeout: .seconds(60)) { sink.count == sent })
        #expect(sink.wholeFrames.load(ordering: .relaxed) == sent)
        #expect(counterValue(registry, "wfpwatch_received_bytes_total", labels) == sent * datagramBytes)
    }

    /// The nice value (field 19 of `/proc/self/task/TID/stat`) of each thread whose name is `name`.
    static func niceValues(ofThreadsNamed name: String) -> [Int] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            let folder = "/proc/self/task/\(task)"
            guard let comm = try? String(contentsOfFile: folder + "/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .newlines) == name,
                  let stat = try? String(contentsOfFile: folder + "/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { return nil }
            // Fields after the command: state is field 3, nice field 19.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 16 ? Int(fields[16]) : nil
        }
    }

    @Test func udpDecodeThreads_runFiveNiceStepsBelowTheReader() throws {
        let sink = SlowNumberedSink(datagramBytes: 200)
        let (log, _) = makeLog()
        let listener = UDPListener(
            configuration: ListenerConfiguration(name: "nice", transport: .udp, port: 0, decodeThreads: 2),
            makeSink: { _, _ in sink }, metrics: MetricsRegistry(), log: log)
        try listener.start()
        defer { listener.stop() }

        let client = connectClient(port: listener.boundPort, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(client) }
        _ = Self.numberedDatagram(1, bytes: 200).withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
        #expect(eventually { sink.count == 1 })

        let processNice = Int(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0))
        let decoders = Self.niceValues(ofThreadsNamed: "udp-nice-0") + Self.niceValues(ofThreadsNamed: "udp-nice-1")
        #expect(decoders == [min(19, processNice + 5), min(19, processNice + 5)], "\(decoders)")
    }

    @Test func udpListener_reportsQueueBytes_andFreesThemOnceDecoded() throws {
        let sink = SlowNumberedSink(datagramBytes: 200)
        let registry = MetricsRegistry()
        let (log, _) = makeLog()
        let listener = UDPListener(
            configuration: ListenerConfiguration(name: "q", transport: .udp, port: 0),
            makeSink: { _, _ in sink }, metrics: registry, log: log)
        try listener.start()
        defer { listener.stop() }

        let client = connectClient(port: listener.boundPort, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(client) }
        for number in 0..<2_000 {
            _ = Self.numberedDatagram(number, bytes: 200).withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
        }

        let queueBytes = { registry.gaugeValues().first { $0.0.name == "wfpwatch_udp_queue_bytes" }?.1 }
        #expect(queueBytes() != nil)
        #expect(eventually(timeout: .seconds(30)) { sink.count == 2_000 })
        #expect(eventually { queueBytes() == 0 })
    }
}

/// Notes, at each `endOfRead`, the numbers of the datagrams received since the last one, in
/// one list shared by every sink; the first datagrams of each slab take longer to decode.
final class HandOnOrderSink: MessageSink, Sendable {
    final class Shared: Sendable {
        let numbers = Mutex<[Int]>([])
    }

    let handedOn: Shared
    private let pending = Mutex<[Int]>([])

    init(handedOn: Shared) {
        self.handedOn = handedOn
    }

    func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp) {
        let number = Int(String(decoding: frame[10..<18], as: UTF8.self)) ?? -1
        usleep(number % 7 == 0 ? 300 : 10)
        pending.withLock { $0.append(number) }
    }

    func endOfRead() {
        let numbers = pending.withLock { numbers in
            defer { numbers.removeAll() }
            return numbers
        }
        handedOn.numbers.withLock { $0 += numbers }
    }

    func close() {}
}

extension UDPBurstTests {
    @Test func udpListener_handsSlabsOnInReadOrder_withFourDecodeThreads() throws {
        let handedOn = HandOnOrderSink.Shared()
        let registry = MetricsRegistry()
        let (log, _) = makeLog()
        let listener = UDPListener(
            configuration: ListenerConfiguration(name: "o", transport: .udp, port: 0, decodeThreads: 4),
            makeSink: { _, _ in HandOnOrderSink(handedOn: handedOn) }, metrics: registry, log: log)
        try listener.start()
        defer { listener.stop() }

        let sent = 3_000
        let client = connectClient(port: listener.boundPort, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(client) }
        for number in 0..<sent {
            _ = Self.numberedDatagram(number, bytes: 300).withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
            if number % 100 == 0 { usleep(200) }
        }

        #expect(eventually(timeout: .seconds(30)) { handedOn.numbers.withLock { $0.count } == sent })
        #expect(handedOn.numbers.withLock { $0 } == Array(0..<sent))
    }
}
