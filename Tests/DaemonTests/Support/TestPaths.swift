import Foundation

/// Locations the tests read: the package, its built binary and the shared fixtures beside it.
enum TestPaths {
    /// The package root, found from this source file (Tests/DaemonTests/Support/...).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `../shared`, which holds the captured fixtures both here and in CI.
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static func realCapture(_ name: String) -> URL {
        shared.appendingPathComponent("data/real").appendingPathComponent(name)
    }

    /// The debug build of `wfpwatch` that `swift test` built alongside the tests.
    static var binary: URL {
        packageRoot.appendingPathComponent(".build/debug/wfpwatch")
    }
}
