#if canImport(Glibc)
import Glibc
#endif

/// The checks `serve` makes of a valid configuration before it opens any socket, shared with
/// `check-config` so that the unit's ExecStartPre refuses what `serve` would refuse, with the
/// same exit status: intel files that are missing (66) or malformed (65), and a JSON lines
/// file that cannot be appended to (74).
///
/// The JSON lines file is not created here: an existing file is opened for appending and
/// closed again; a missing one passes when its folder exists and the caller may write in it,
/// which is what `serve` needs to create it.
package enum ServePreflight {
    package static func check(_ configuration: WFPWatchConfiguration) throws(SetupError) {
        _ = try RuleAnalyzer.factory(configuration)
        if let path = configuration.alerts.jsonLinesPath, path != "-" {
            try checkAppendable(path)
        }
    }

    private static func checkAppendable(_ path: String) throws(SetupError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        guard errno == ENOENT else { throw failure(path, reason: String(cString: strerror(errno))) }

        let folder = parentFolder(of: path)
        var status = stat()
        guard stat(folder, &status) == 0 else {
            throw failure(path, reason: "folder \(folder): \(String(cString: strerror(errno)))")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw failure(path, reason: "cannot be created in \(folder): \(String(cString: strerror(errno)))")
        }
    }

    private static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func failure(_ path: String, reason: String) -> SetupError {
        SetupError("alerts.json_lines: \(path): cannot open alert file: \(reason)", exitCode: .ioError)
    }
}
