#if canImport(Glibc)
import Glibc
#endif

/// Creates the folders a file goes in (mode 0750), as `mkdir -p` would, for the files `serve`
/// writes under folders it may have to make itself (the outbox, the saved state).
public enum ParentFolders {
    /// Makes every missing folder above `path`; on failure, the folder and the reason.
    public static func create(for path: String) -> (folder: String, reason: String)? {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return nil }
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path[..<slash].split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o750) != 0 && errno != EEXIST {
                return (prefix, String(cString: strerror(errno)))
            }
        }
        return nil
    }
}
