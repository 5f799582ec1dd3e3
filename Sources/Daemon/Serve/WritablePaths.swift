#if canImport(Glibc)
import Glibc
#endif

/// The files `serve` writes that the configuration names: the JSON lines file, and with
/// webhooks the outbox and each webhook's dead-letter file. `check-config` checks each before
/// any socket opens: an existing file must be a writable file; a missing one must be creatable,
/// that is its folder a writable folder, or for the outbox (whose folders `serve` makes) the
/// nearest folder that exists above it. Nothing is created or opened for writing here.
package enum WritablePaths {
    /// One path and the configuration key that names it (or whose default it is).
    package struct Target: Equatable, Sendable {
        package var keyPath: String
        package var path: String
        /// `serve` makes the missing folders on the way (`ParentFolders.create`).
        package var createsFolders: Bool
    }

    package static func targets(_ configuration: WFPWatchConfiguration) -> [Target] {
        let alerts = configuration.alerts
        var targets: [Target] = []
        if let path = alerts.jsonLinesPath, path != "-" {
            targets.append(Target(keyPath: "alerts.json_lines", path: path, createsFolders: false))
        }
        guard !alerts.webhooks.isEmpty else { return targets }

        let outboxFolder = parentFolder(of: alerts.outbox.path)
        targets.append(Target(keyPath: "alerts.outbox.path", path: alerts.outbox.path, createsFolders: true))
        for (index, webhook) in alerts.webhooks.enumerated() {
            guard let path = webhook.deadLetterPath else { continue }
            targets.append(Target(
                keyPath: "alerts.webhooks[\(index)].dead_letter", path: path,
                createsFolders: parentFolder(of: path) == outboxFolder))
        }
        return targets
    }

    /// Throws for the first path that cannot be written (exit 74), naming its key and reason.
    package static func check(_ configuration: WFPWatchConfiguration) throws(SetupError) {
        for target in targets(configuration) {
            guard let reason = problem(target) else { continue }
            var error = SetupError("\(target.keyPath): \(target.path): \(reason)", exitCode: .ioError)
            error.keyPath = target.keyPath
            error.reason = "\(target.path): \(reason)"
            throw error
        }
    }

    /// The saved state's file when `serve` could not write it. Not fatal, as a failed save is
    /// not (the service runs without keeping state), so `check-config` only warns.
    package static func stateProblem(_ configuration: WFPWatchConfiguration) -> SetupError? {
        guard configuration.state.enabled else { return nil }
        let target = Target(keyPath: "state.directory", path: configuration.state.filePath, createsFolders: true)
        guard let reason = problem(target) else { return nil }
        var error = SetupError("\(target.keyPath): \(target.path): \(reason)", exitCode: .ioError)
        error.keyPath = target.keyPath
        error.reason = "\(target.path): \(reason); state will not be saved"
        return error
    }

    /// Why `serve` could not write `target`; nil when it can.
    package static func problem(_ target: Target) -> String? {
        var status = stat()
        if stat(target.path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR { return "is a folder, not a file" }
            return access(target.path, W_OK) == 0 ? nil : "not writable: \(String(cString: strerror(errno)))"
        }
        guard errno == ENOENT else { return String(cString: strerror(errno)) }

        var folder = parentFolder(of: target.path)
        while target.createsFolders, folder != "/", stat(folder, &status) != 0, errno == ENOENT {
            folder = parentFolder(of: folder)
        }
        guard stat(folder, &status) == 0 else { return "folder \(folder): \(String(cString: strerror(errno)))" }
        guard status.st_mode & S_IFMT == S_IFDIR else { return "\(folder) is not a folder" }
        guard access(folder, W_OK | X_OK) == 0 else {
            return "cannot be created in \(folder): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
