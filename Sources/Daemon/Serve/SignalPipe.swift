import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// The write end of the signal pipe, read by the handler below. Set once, before any handler
/// is installed, and never changed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The handler of every signal the daemon acts on: one byte (the signal number) into the pipe.
/// `write` is async-signal-safe; a full pipe drops the byte, and a signal already waiting in
/// the pipe has the same effect.
private func forwardSignalToPipe(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    let savedErrno = errno
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = savedErrno
}

/// Delivers SIGTERM, SIGINT and SIGHUP to a Dispatch queue through a self-pipe.
///
/// A real handler runs on whichever thread the kernel picks, so no signal is lost; Dispatch
/// signal sources with the signal ignored can lose one to a thread that does not block it
/// when the machine is busy.
package final class SignalPipe: @unchecked Sendable {
    private let source: any DispatchSourceRead

    /// Installs the handlers and calls `handler` on `queue` with each signal number received.
    package init(signals: [Int32], queue: DispatchQueue, handler: @escaping @Sendable (Int32) -> Void) {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        signalPipeWriteEnd = ends[1]

        let readEnd = ends[0]
        source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: queue)
        source.setEventHandler { @Sendable in
            var bytes = [UInt8](repeating: 0, count: 64)
            let count = bytes.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            for byte in bytes.prefix(max(0, count)) { handler(Int32(byte)) }
        }
        source.resume()

        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = forwardSignalToPipe
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
            sigaddset(&unblock, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}
