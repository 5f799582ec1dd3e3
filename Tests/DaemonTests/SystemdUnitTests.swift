import Foundation
import Testing

@Test func serviceUnit_passesSystemdAnalyzeVerify_withBuiltBinary() throws {
    let analyze = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
    try #require(FileManager.default.isExecutableFile(atPath: analyze.path), "systemd-analyze is not installed")
    let binary = TestPaths.binary.path
    try #require(FileManager.default.isExecutableFile(atPath: binary))

    // verify checks that ExecStart's binary exists, so the copy points at the built one.
    let unit = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("systemd/wfpwatch.service"), encoding: .utf8)
    #expect(unit.contains("ExecStart=/usr/local/bin/wfpwatch serve --config /etc/wfpwatch/wfpwatch.yaml"))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-unit-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("wfpwatch.service")
    try unit.replacingOccurrences(of: "/usr/local/bin/wfpwatch", with: binary).write(to: copy, atomically: true, encoding: .utf8)

    let result = try ProcessRunner.run(analyze, ["verify", copy.path])
    #expect(result.status == 0)
    #expect(!result.error.contains("wfpwatch.service"), "\(result.error)")
}
