import Foundation
import Testing

@testable import Daemon

/// `check-config` on the files `serve` writes besides JSON lines: the outbox and the webhooks'
/// dead-letter files, reported as `file:line: key: reason` with the exit status serve has.
struct CheckConfigWritablePathsTests {
    private let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-paths-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    private var configPath: String { folder.appendingPathComponent("wfpwatch.yaml").path }

    /// A configuration with one webhook; `outbox` and `deadLetter` go in as written.
    private func write(outbox: String, deadLetter: String? = nil) throws {
        let dead = deadLetter.map { "\n      dead_letter: \($0)" } ?? ""
        try """
            alerts:
              journal: false
              outbox:
                path: \(outbox)
              webhooks:
                - name: soc
                  url: http://127.0.0.1:9/hook\(dead)
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    @Test func checkConfig_refusesOutboxUnderAFile_withFileLineAndKey_exit74_likeServe() throws {
        try "not a folder\n".write(to: folder.appendingPathComponent("blocker"), atomically: true, encoding: .utf8)
        try write(outbox: "blocker/state/outbox.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }

        let check = try ProcessRunner.wfpwatch(["check-config", configPath])
        #expect(check.status == 74)
        let outbox = "\(folder.path)/blocker/state/outbox.jsonl"
        #expect(check.error.hasPrefix("\(configPath):4: alerts.outbox.path: \(outbox): "), "\(check.error)")
        #expect(check.error.contains("Not a directory"), "\(check.error)")
        #expect(try ProcessRunner.wfpwatch(["serve", "--config", configPath]).status == 74)
    }

    @Test func checkConfig_acceptsOutboxInFoldersServeWillMake_withoutMakingThem() throws {
        try write(outbox: "state/deeper/outbox.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }

        let check = try ProcessRunner.wfpwatch(["check-config", configPath])
        #expect(check.status == 0, "\(check.error)")
        #expect(check.output == "ok\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("state").path))
    }

    @Test func checkConfig_refusesOutboxPathThatIsAFolder() throws {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("outbox.jsonl"), withIntermediateDirectories: true)
        try write(outbox: "outbox.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }

        let check = try ProcessRunner.wfpwatch(["check-config", configPath])
        #expect(check.status == 74)
        #expect(check.error.contains(":4: alerts.outbox.path: "), "\(check.error)")
        #expect(check.error.contains("is a folder, not a file"), "\(check.error)")
    }

    @Test func checkConfig_refusesDeadLetterInAMissingFolder_namingTheWebhooksKey() throws {
        try write(outbox: "outbox.jsonl", deadLetter: "gone/soc.dead-letter.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }

        let check = try ProcessRunner.wfpwatch(["check-config", configPath])
        #expect(check.status == 74)
        #expect(check.error.hasPrefix("\(configPath):8: alerts.webhooks[0].dead_letter: "), "\(check.error)")
        #expect(check.error.contains("No such file or directory"), "\(check.error)")
    }

    @Test func checkConfig_warnsOfAnUnwritableStateFolder_butAccepts() throws {
        try "not a folder\n".write(to: folder.appendingPathComponent("blocker"), atomically: true, encoding: .utf8)
        try """
            alerts:
              journal: false
            state:
              directory: blocker/state
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }

        let check = try ProcessRunner.wfpwatch(["check-config", configPath])
        #expect(check.status == 0, "\(check.error)")
        #expect(check.output == "ok\n")
        #expect(check.error.hasPrefix("warning: \(configPath):4: state.directory: "), "\(check.error)")
        #expect(check.error.contains("state will not be saved"), "\(check.error)")
    }

    @Test func configurationLocator_findsKeyOrItsDeepestEnclosingKey() {
        let text = "alerts:\n  webhooks:\n    - name: a\n    - name: b\n      dead_letter: x\n"
        #expect(ConfigurationLocator.line(of: "alerts.webhooks[1].dead_letter", in: text) == 5)
        #expect(ConfigurationLocator.line(of: "alerts.webhooks[0].dead_letter", in: text) == 3)
        #expect(ConfigurationLocator.line(of: "alerts.outbox.path", in: text) == 1)
        #expect(ConfigurationLocator.line(of: "metrics.listen", in: text) == nil)
    }

    @Test func writablePaths_listsOutboxAndDeadLetters_onlyWithWebhooks() throws {
        let without = try WFPWatchConfiguration.parse(
            "alerts: {json_lines: a.jsonl}\n", file: "t.yaml", baseDirectory: "/srv")
        #expect(WritablePaths.targets(without).map(\.keyPath) == ["alerts.json_lines"])

        let with = try WFPWatchConfiguration.parse(
            "alerts: {outbox: {path: s/o.jsonl}, webhooks: [{name: h, url: 'http://127.0.0.1:9/'}]}\n",
            file: "t.yaml", baseDirectory: "/srv")
        let targets = WritablePaths.targets(with)
        #expect(targets.map(\.keyPath) == ["alerts.outbox.path", "alerts.webhooks[0].dead_letter"])
        #expect(targets.map(\.path) == ["/srv/s/o.jsonl", "/srv/s/h.dead-letter.jsonl"])
        #expect(targets.map(\.createsFolders) == [true, true])
    }
}
