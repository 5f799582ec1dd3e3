import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Stopping the `wfpwatch` processes tests start, the way systemd would and the way a crash would.
extension Process {
    /// SIGTERM unless it already ended, then the exit status.
    func terminateAndWait() -> Int32 {
        if isRunning { kill(processIdentifier, SIGTERM) }
        waitUntilExit()
        return terminationStatus
    }

    /// SIGKILL unless it already ended; used when a test stops early and by `discard(folder:)`.
    func killAndWait() {
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
    }

    /// Waits up to `seconds` for READY=1 on `notify` while the process runs.
    func waitUntilReady(_ notify: NotifySocket, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && isRunning {
            if notify.receive()?.contains("READY=1") ?? false { return true }
        }
        return false
    }

    /// What a test's `deinit` does: kills the process if still running, removes its scratch folder.
    func discard(folder: URL) {
        if isRunning { killAndWait() }
        try? FileManager.default.removeItem(at: folder)
    }
}
