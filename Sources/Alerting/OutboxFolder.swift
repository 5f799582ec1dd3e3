#if canImport(Glibc)
import Glibc
#endif

/// Creates the folder an outbox file goes in (mode 0750), as `mkdir -p` would.
public enum OutboxFolder {
    public static func create(for path: String) throws(OutboxError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path[..<slash].split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o750) != 0 && errno != EEXIST {
                throw .cannotOpen(path: prefix, reason: String(cString: strerror(errno)))
            }
        }
    }
}
