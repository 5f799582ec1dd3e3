import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The threads that take a UDP listener's slabs off its queue and hand each datagram to a
/// sink. Each thread makes its own sink when its first slab arrives and is the only caller of
/// it, and closes the sink once the queue is finished. The threads decode (`receive`) in
/// parallel, but call `endOfRead()`, where a sink hands its events on, one slab at a time in
/// the order the slabs were read.
final class UDPDecodeThreads: Sendable {
    let threadCount: Int
    private let queue: UDPDatagramQueue
    private let makeSink: @Sendable () -> any MessageSink
    private let finished = DispatchGroup()

    /// `requestedThreads` 0 means one per online processor.
    init(requestedThreads: Int, queue: UDPDatagramQueue, makeSink: @escaping @Sendable () -> any MessageSink) {
        self.threadCount = requestedThreads > 0 ? requestedThreads : Self.processorCount()
        self.queue = queue
        self.makeSink = makeSink
    }

    func start(name: String) {
        for index in 0..<threadCount {
            finished.enter()
            let thread = Thread { [self] in
                run()
                finished.leave()
            }
            thread.name = "udp-\(name)-\(index)"
            thread.start()
        }
    }

    /// Waits until every thread has closed its sink (after the queue is finished).
    func waitUntilFinished() {
        finished.wait()
    }

    private func run() {
        var sink: (any MessageSink)?
        while let (slab, turn) = queue.take() {
            let current = sink ?? makeSink()
            sink = current
            slab.forEach { frame, info, receivedAt, peer in
                current.receive(frame: frame, info: info, receivedAt: receivedAt, from: peer)
            }
            // May block while the pipeline is full; the queue then fills and the reader waits.
            queue.waitForTurn(turn)
            current.endOfRead()
            queue.endTurn(slabBytes: slab.bytes.count)
        }
        sink?.close()
    }

    private static func processorCount() -> Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}
