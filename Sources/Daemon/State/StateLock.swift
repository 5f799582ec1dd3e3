import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// The exclusive lock one `serve` holds on its state folder (`state.directory`/`state.lock`,
/// `flock`), so that two instances configured with one folder cannot overwrite each other's
/// `state.bin`. The lock is held for the life of the process: the descriptor is never closed,
/// and the kernel lets go of it when the process exits, however it exits.
package enum StateLock {
    package enum Outcome: Equatable, Sendable {
        /// This process holds the lock.
        case held
        /// Another process holds it: this one must neither restore nor save state.
        case heldElsewhere
        /// The lock file could not be made or locked (for a reason other than another holder);
        /// the reason names the path and the error.
        case unavailable(String)
    }

    /// The lock file in the state folder.
    package static func path(in directory: String) -> String {
        directory.hasSuffix("/") ? directory + "state.lock" : directory + "/state.lock"
    }

    /// Makes the folder when missing, opens the lock file and takes the lock without waiting.
    package static func acquire(directory: String) -> Outcome {
        let path = path(in: directory)
        if let failure = ParentFolders.create(for: path) {
            return .unavailable("cannot create \(failure.folder): \(failure.reason)")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            return .unavailable("cannot open \(path): \(String(cString: strerror(errno)))")
        }

        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let errorNumber = errno
            close(descriptor)
            if errorNumber == EWOULDBLOCK { return .heldElsewhere }
            return .unavailable("cannot lock \(path): \(String(cString: strerror(errorNumber)))")
        }
        return .held
    }

    /// Takes the lock for `serve`. When another process holds it, logs an error naming the
    /// folder, counts `wfpwatch_state_lock_conflicts_total` and returns false: the caller then
    /// runs without restoring or saving state. A lock that cannot be taken for another reason
    /// (no folder, no permission) is logged as a warning and state is kept as before, since the
    /// state file itself will fail and say why.
    package static func acquireForServe(directory: String, metrics: MetricsRegistry, log: Log) -> Bool {
        let conflicts = metrics.counter("wfpwatch_state_lock_conflicts_total")
        switch acquire(directory: directory) {
        case .held:
            return true
        case .heldElsewhere:
            conflicts.add()
            log.log(.error, "state folder locked by another serve, running without saved state", [
                ("directory", directory), ("lock", path(in: directory)),
            ])
            return false
        case .unavailable(let reason):
            log.log(.warning, "state folder not locked", [("directory", directory), ("reason", reason)])
            return true
        }
    }
}
