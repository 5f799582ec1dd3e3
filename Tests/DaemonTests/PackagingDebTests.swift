import Foundation
import Testing
@testable import Daemon

/// The Debian package, built by scripts/build-deb from the debug binary `swift test` built (a
/// release build with the static Swift runtime, as `make deb` does, takes minutes), installed
/// with `dpkg --root` into an empty folder. The maintainer scripts run outside a chroot (the
/// folder has no shell) and, seeing DPKG_ROOT, make the user and state folder inside it.
@Suite(.serialized) struct PackagingDebTests {
    let workspace: URL
    let root: URL

    init() throws {
        workspace = FileManager.default.temporaryDirectory
            .appendingPathComponent("wfpwatch-deb-\(getpid())-\(UUID().uuidString)")
        root = workspace.appendingPathComponent("root")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("var/lib/dpkg/updates"), withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent("var/lib/dpkg/status"))
    }

    @Test func debianPackage_installsIntoEmptyRoot_withConffilesUserAndRunnableBinary() throws {
        defer { try? FileManager.default.removeItem(at: workspace) }
        let package = try buildPackage()
        try install(package)

        for path in [
            "usr/bin/wfpwatch", "lib/systemd/system/wfpwatch.service", "usr/lib/sysusers.d/wfpwatch.conf",
            "usr/lib/tmpfiles.d/wfpwatch.conf", "usr/lib/sysctl.d/60-wfpwatch.conf", "etc/wfpwatch/intel/example.txt", "usr/share/doc/wfpwatch/copyright",
        ] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path)")
        }
        let conffiles = try text("var/lib/dpkg/info/wfpwatch.conffiles").split(separator: "\n").map(String.init)
        #expect(conffiles == ["/etc/wfpwatch/wfpwatch.yaml", "/etc/wfpwatch/intel/example.txt"])
        let unit = try text("lib/systemd/system/wfpwatch.service")
        #expect(unit.contains("ExecStart=/usr/bin/wfpwatch serve --config /etc/wfpwatch/wfpwatch.yaml"))
        let config = try text("etc/wfpwatch/wfpwatch.yaml")
        #expect(config.contains("address: 0.0.0.0") && config.contains("port: 514"))
        #expect(!config.contains("port: 5514"))

        let version = try ProcessRunner.run(root.appendingPathComponent("usr/bin/wfpwatch"), ["--version"])
        #expect(version.status == 0)
        #expect(version.output.contains(WFPWatchVersion.string), "\(version.output)")
    }

    @Test func debianPackage_postinstCreatesServiceUserAndStateDirectory() throws {
        defer { try? FileManager.default.removeItem(at: workspace) }
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-sysusers"))
        try install(try buildPackage())

        let user = try text("etc/passwd").split(separator: "\n").first { $0.hasPrefix("wfpwatch:") }
        let fields = try #require(user).split(separator: ":", omittingEmptySubsequences: false)
        #expect(fields[5] == "/var/lib/wfpwatch")
        #expect(fields[6].hasSuffix("nologin"))
        let statePath = root.appendingPathComponent("var/lib/wfpwatch").path
        let state = try FileManager.default.attributesOfItem(atPath: statePath)
        #expect((state[.ownerAccountID] as? NSNumber)?.stringValue == String(fields[2]))
        #expect((state[.posixPermissions] as? NSNumber)?.intValue == 0o750)
    }

    @Test func debianPackage_reinstallKeepsEditedConfiguration() throws {
        defer { try? FileManager.default.removeItem(at: workspace) }
        let package = try buildPackage()
        try install(package)
        let config = root.appendingPathComponent("etc/wfpwatch/wfpwatch.yaml")
        let edited = try text("etc/wfpwatch/wfpwatch.yaml") + "# edited by the administrator\n"
        try edited.write(to: config, atomically: true, encoding: .utf8)

        try install(package)
        #expect(try text("etc/wfpwatch/wfpwatch.yaml") == edited)
    }

    @Test func debianPackage_lintianReportsNoErrors() throws {
        defer { try? FileManager.default.removeItem(at: workspace) }
        let lintian = URL(fileURLWithPath: "/usr/bin/lintian")
        try #require(FileManager.default.isExecutableFile(atPath: lintian.path), "lintian is not installed")
        let package = try buildPackage()

        // The debug binary finds the toolchain's Swift runtime through its RUNPATH, which lintian
        // rightly calls an error; the release binary of `make deb` links the runtime statically.
        let result = try ProcessRunner.run(lintian, ["--suppress-tags", "custom-library-search-path", package.path])
        let errors = result.output.split(separator: "\n").filter { $0.hasPrefix("E:") }
        #expect(errors.isEmpty, "\(errors)")
        #expect(result.status == 0, "\(result.output)\(result.error)")
    }

    // MARK: - Steps

    private func buildPackage() throws -> URL {
        try #require(FileManager.default.isExecutableFile(atPath: TestPaths.binary.path), "build wfpwatch first")
        let script = TestPaths.packageRoot.appendingPathComponent("scripts/build-deb")
        let output = workspace.appendingPathComponent("out")
        let result = try ProcessRunner.run(script, ["--binary", TestPaths.binary.path, "--output", output.path])
        try #require(result.status == 0, "\(result.error)")
        let path = try #require(result.output.split(separator: "\n").last.map(String.init))
        #expect(path.hasSuffix(".deb"))
        return URL(fileURLWithPath: path)
    }

    private func install(_ package: URL) throws {
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/dpkg"),
            ["--root=\(root.path)", "--force-depends", "--force-script-chrootless",
             "--log=/dev/null", "-i", package.path])
        try #require(result.status == 0, "\(result.output)\(result.error)")
    }

    private func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }
}
