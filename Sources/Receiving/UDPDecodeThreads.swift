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
            let threadName = "udp-\(name)-\(index)"
            let thread = Thread { [self] in
                Self.nameThread(threadName)
                run()
                finished.leave()
            }
            thread.name = threadName
            thread.start()
        }
    }

    /// Waits until every thread has closed its sink (after the queue is finished).
    func waitUntilFinished() {
        finished.wait()
    }

    /// How much lower a decode thread's scheduling weight is than the reader's (nice steps). When
    /// both cores are busy the reader, which only copies datagrams off the socket, then gets the
    /// CPU first, so a burst waits in the queue rather than overflowing the kernel's buffer.
    static let niceIncrement: Int32 = 5

    private func run() {
        Self.yieldToReader()
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

    /// Raises this thread's nice value by `niceIncrement` (Linux applies it to the one thread).
    /// Raising is always allowed; a failure only leaves the thread at the reader's weight.
    private static func yieldToReader() {
        guard let thread = currentThreadID() else { return }
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread)
        guard errno == 0 else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, min(19, current + niceIncrement))
    }

    /// Gives the calling thread `name` (at most 15 bytes) where `top -H` and `ps -L` show it, by
    /// writing `/proc/thread-self/comm` (Glibc's module does not export `pthread_setname_np`).
    private static func nameThread(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    /// The kernel's id of the calling thread, read from the `/proc/thread-self` link
    /// (`PID/task/TID`), since Glibc's module does not export `gettid`.
    private static func currentThreadID() -> id_t? {
        var link = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/thread-self", &link, link.count - 1)
        guard count > 0 else { return nil }
        let text = String(decoding: link[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = text.lastIndex(of: "/") else { return nil }
        return id_t(text[text.index(after: slash)...])
    }

    private static func processorCount() -> Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}
