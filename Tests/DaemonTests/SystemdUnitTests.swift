import Foundation
import Testing

/// The shipped unit, systemd/wfpwatch.service: valid for systemd-analyze verify and hardened to
/// an exposure of 2.0 or lower by systemd-analyze security.
@Suite struct SystemdUnitTests {
    let analyze = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
    let unitFile = TestPaths.packageRoot.appendingPathComponent("systemd/wfpwatch.service")

    @Test func serviceUnit_passesSystemdAnalyzeVerify_withBuiltBinary() throws {
        try #require(FileManager.default.isExecutableFile(atPath: analyze.path), "systemd-analyze is not installed")
        let binary = TestPaths.binary.path
        try #require(FileManager.default.isExecutableFile(atPath: binary))

        // verify checks that ExecStart's binary exists, so the copy points at the built one.
        let unit = try String(contentsOf: unitFile, encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/wfpwatch serve --config /etc/wfpwatch/wfpwatch.yaml"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-unit-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("wfpwatch.service")
        try unit.replacingOccurrences(of: "/usr/bin/wfpwatch", with: binary)
            .write(to: copy, atomically: true, encoding: .utf8)

        let result = try ProcessRunner.run(analyze, ["verify", copy.path])
        #expect(result.status == 0)
        #expect(!result.error.contains("wfpwatch.service"), "\(result.error)")
    }

    @Test func serviceUnit_securityExposureIsAtMostTwo() throws {
        try #require(FileManager.default.isExecutableFile(atPath: analyze.path), "systemd-analyze is not installed")
        let result = try ProcessRunner.run(analyze, ["security", "--offline=true", "--no-pager", unitFile.path])
        #expect(result.status == 0, "\(result.error)")

        let exposure = try #require(Self.overallExposure(result.output), "\(result.output)")
        #expect(exposure <= 2.0, "\(result.output)")
    }

    @Test func serviceUnit_usesSysusersUserWithStateDirectory() throws {
        let unit = try String(contentsOf: unitFile, encoding: .utf8)
        let settings = Set(unit.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        #expect(settings.contains("User=wfpwatch"))
        #expect(settings.contains("StateDirectory=wfpwatch"))
        #expect(!settings.contains { $0.hasPrefix("DynamicUser=") })
        #expect(!settings.contains { $0.hasPrefix("PrivateNetwork=") || $0.hasPrefix("IPAddressDeny=") })

        let packaging = TestPaths.packageRoot.appendingPathComponent("packaging")
        let sysusersFile = packaging.appendingPathComponent("sysusers.d/wfpwatch.conf")
        let sysusers = try String(contentsOf: sysusersFile, encoding: .utf8)
        #expect(sysusers.contains("u wfpwatch - "))
        let tmpfilesFile = packaging.appendingPathComponent("tmpfiles.d/wfpwatch.conf")
        let tmpfiles = try String(contentsOf: tmpfilesFile, encoding: .utf8)
        #expect(tmpfiles.contains("d /var/lib/wfpwatch 0750 wfpwatch wfpwatch"))
    }

    @Test func overallExposure_readsFigureFromSummaryLine() {
        let report = "✗ UMask= ...  0.1\n\n→ Overall exposure level for wfpwatch.service: 1.4 OK 🙂\n"
        #expect(Self.overallExposure(report) == 1.4)
        #expect(Self.overallExposure("no summary here") == nil)
    }

    /// The number after the colon of the "Overall exposure level for X: 1.4 OK" line.
    static func overallExposure(_ report: String) -> Double? {
        guard let line = report.split(separator: "\n").first(where: { $0.contains("Overall exposure level") }),
              let colon = line.lastIndex(of: ":")
        else { return nil }
        let figure = line[line.index(after: colon)...].split(separator: " ").first
        return figure.flatMap { Double($0) }
    }
}
