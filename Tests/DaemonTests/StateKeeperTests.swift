import Foundation
import Testing
import WFPCore

@testable import Daemon

/// A keeper over a fresh folder, with its registry and a log that records.
private struct KeeperFixture {
    let folder: URL
    let metrics = MetricsRegistry()
    let logged = RecordingLogBackend()
    let keeper: StateKeeper

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-keeper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = WFPWatchConfiguration.StateConfiguration()
        configuration.directory = folder.path
        keeper = StateKeeper(configuration: configuration, metrics: metrics, log: Log(backend: logged))
    }

    var statePath: String { keeper.configuration.filePath }
    func names() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] }
    func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Test func stateKeeper_startsEmpty_whenNoFileExists() throws {
    let fixture = try KeeperFixture()
    defer { fixture.remove() }
    #expect(fixture.keeper.load() == nil)
    #expect(fixture.names().isEmpty)
    #expect(fixture.metrics.total("wfpwatch_state_files_set_aside_total") == 0)
}

@Test(arguments: [
    ("bit flip", "corrupt-", "checksum"),
    ("truncated", "corrupt-", "invalid"),
    ("garbage", "corrupt-", "magic"),
    ("version", "version-2-2", "version"),
])
func stateKeeper_setsBadFileAside_countsIt_andStartsEmpty(damage: String, suffix: String, reason: String) throws {
    let fixture = try KeeperFixture()
    defer { fixture.remove() }
    var bytes = StateFile.encode(SavedState())
    switch damage {
    case "bit flip": bytes[bytes.count - 1] ^= 0x10
    case "truncated": bytes.removeLast()
    case "garbage": bytes = Array("{\"not\": \"state\"}".utf8)
    default: bytes[8] = 2
    }
    try StateFile.write(bytes, path: fixture.statePath)

    #expect(fixture.keeper.load() == nil)
    #expect(!fixture.names().contains("state.bin"))
    #expect(fixture.names().contains { $0.hasPrefix("state.bin." + suffix) }, "\(fixture.names())")
    #expect(fixture.metrics.counter("wfpwatch_state_files_set_aside_total", ["reason": reason]).value == 1)
    #expect(fixture.logged.values(of: "path", message: "saved state set aside, starting empty") == [fixture.statePath])
}

@Test func stateFile_setAside_ofAnotherVersionTwice_keepsBothFiles() throws {
    let fixture = try KeeperFixture()
    defer { fixture.remove() }
    let error = StateFileError.unsupportedVersion(found: 2, supported: 1)
    for second in [1_800_000_000, 1_800_000_001] as [Int64] {
        try StateFile.write([1, 2, 3], path: fixture.statePath)
        let moved = StateFile.setAside(
            path: fixture.statePath, error: error, now: Timestamp(nanosecondsSinceEpoch: second * 1_000_000_000))
        #expect(moved != nil)
    }
    #expect(fixture.names().sorted() == [
        "state.bin.version-2-20270115T080000Z", "state.bin.version-2-20270115T080001Z",
    ])
}

@Test func stateKeeper_loadsWhatStateFileWrote() throws {
    let fixture = try KeeperFixture()
    defer { fixture.remove() }
    try StateFile.write(StateFile.encode(SavedState()), path: fixture.statePath)
    #expect(fixture.keeper.load()?.keyCount == 0)
    #expect(fixture.names() == ["state.bin"], "no temporary file is left behind")
}

@Test func stateFile_write_makesMissingFolders_andFailsWithTheFolderUnderAFile() throws {
    let fixture = try KeeperFixture()
    defer { fixture.remove() }
    let nested = fixture.folder.appendingPathComponent("a/b/state.bin").path
    try StateFile.write(StateFile.encode(SavedState()), path: nested)
    #expect(FileManager.default.fileExists(atPath: nested))

    let blocked = fixture.folder.appendingPathComponent("a/b/state.bin/c/state.bin").path
    #expect(throws: StateFileError.self) { try StateFile.write([1, 2, 3], path: blocked) }
}

@Test func stateConfiguration_readsEveryKey_andDefaults() throws {
    let systemdFolder = ProcessInfo.processInfo.environment["STATE_DIRECTORY"]
    let defaults = try parse("")
    #expect(defaults.state.enabled)
    #expect(defaults.state.filePath == (systemdFolder ?? "/var/lib/wfpwatch") + "/state.bin")
    #expect(defaults.state.saveInterval == .seconds(300))

    // From the source tree, beside the outbox: state/ under the working directory.
    let sourceTree = try WFPWatchConfiguration.parse(
        "alerts: {webhooks: [{name: a, url: 'http://127.0.0.1:9/'}]}", file: "t.yaml", baseDirectory: "/tmp")
    let folder = systemdFolder ?? FileManager.default.currentDirectoryPath + "/state"
    #expect(sourceTree.state.directory == folder)
    #expect(sourceTree.alerts.outbox.path == folder + "/outbox.jsonl")

    let read = try parse("state: {enabled: false, directory: state, save_interval: 30s}")
    #expect(!read.state.enabled)
    #expect(read.state.directory == "/etc/wfpwatch/state")
    #expect(read.state.saveInterval == .seconds(30))
}

@Test(arguments: [
    ("state:\n  save_interval: 0s\n", "test.yaml:2: state.save_interval: 0s is out of range (allowed 1s...1d)"),
    ("state:\n  directory: \"\"\n", "test.yaml:2: state.directory: must name a folder"),
    ("state:\n  keep: true\n", "test.yaml:2: state.keep: unknown key (allowed: enabled, directory, save_interval)"),
])
func stateConfiguration_rejectsBadValue_withFileLineAndKey(text: String, message: String) {
    #expect(rejection(text) == message)
}
