import Foundation
import Testing

@testable import Daemon

/// A scratch folder holding a configuration written for one test, removed afterwards.
private struct ScratchConfiguration {
    let folder: URL
    var path: String { folder.appendingPathComponent("wfpwatch.yaml").path }

    init(_ name: String, yaml: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func write(_ text: String, to name: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// check-config and serve on the same file: the same exit status, and check-config's message.
private func statuses(_ configuration: ScratchConfiguration) throws -> (check: ProcessResult, serve: Int32) {
    let check = try ProcessRunner.wfpwatch(["check-config", configuration.path])
    let serve = try ProcessRunner.wfpwatch(["serve", "--config", configuration.path])
    return (check, serve.status)
}

@Test func commandLineArguments_checkConfigTakesConfigOptionOrOperand() throws {
    #expect(try CommandLineArguments.parse(["check-config", "--config", "a.yaml"]) == .checkConfig(path: "a.yaml"))
    #expect(try CommandLineArguments.parse(["check-config", "--config=a.yaml"]) == .checkConfig(path: "a.yaml"))
    #expect(try CommandLineArguments.parse(["check-config", "a.yaml"]) == .checkConfig(path: "a.yaml"))
    #expect(try CommandLineArguments.parse(["check-config"]) == .checkConfig(path: nil))
    #expect(throws: UsageError.self) { try CommandLineArguments.parse(["check-config", "--config", "a", "b"]) }
}

@Test func wfpwatch_checkConfig_acceptsConfigOption() throws {
    let result = try ProcessRunner.wfpwatch(["check-config", "--config", "config/wfpwatch.yaml"])
    #expect(result.status == 0)
    #expect(result.output == "ok\n")
}

@Test func wfpwatch_checkConfig_refusesMissingIntelFile_exit66_likeServe() throws {
    let configuration = try ScratchConfiguration("intel-missing", yaml: "detection: {threat_intel: {files: [gone.txt]}}\n")
    defer { configuration.remove() }

    let (check, serve) = try statuses(configuration)
    #expect(check.status == 66)
    #expect(serve == 66)
    #expect(check.output.isEmpty)
    #expect(check.error.hasPrefix("wfpwatch: detection.threat_intel.files: \(configuration.folder.path)/gone.txt: "))
}

@Test func wfpwatch_checkConfig_refusesMalformedIntelFile_exit65_likeServe() throws {
    let configuration = try ScratchConfiguration("intel-bad", yaml: "detection: {threat_intel: {files: [bad.txt]}}\n")
    defer { configuration.remove() }
    try configuration.write("192.0.2.1\nnot an address\n", to: "bad.txt")

    let (check, serve) = try statuses(configuration)
    #expect(check.status == 65)
    #expect(serve == 65)
    #expect(check.error.hasPrefix("wfpwatch: detection.threat_intel.files: "))
}

@Test func wfpwatch_checkConfig_refusesJSONLinesPathThatCannotBeOpened_exit74_likeServe() throws {
    for target in ["missing-folder/alerts.jsonl", "."] {
        let configuration = try ScratchConfiguration("jsonl", yaml: "alerts: {json_lines: \(target)}\n")
        defer { configuration.remove() }

        let (check, serve) = try statuses(configuration)
        #expect(check.status == 74, "json_lines: \(target)")
        #expect(serve == 74, "json_lines: \(target)")
        #expect(check.error.hasPrefix("\(configuration.path):1: alerts.json_lines: "), "\(check.error)")
    }
}

@Test func wfpwatch_checkConfig_acceptsCreatableJSONLinesPath_withoutCreatingIt() throws {
    let configuration = try ScratchConfiguration("jsonl-new", yaml: "alerts: {json_lines: alerts.jsonl}\n")
    defer { configuration.remove() }

    let check = try ProcessRunner.wfpwatch(["check-config", configuration.path])
    #expect(check.status == 0)
    #expect(check.output == "ok\n")
    #expect(!FileManager.default.fileExists(atPath: configuration.folder.appendingPathComponent("alerts.jsonl").path))

    try configuration.write("", to: "alerts.jsonl")
    #expect(try ProcessRunner.wfpwatch(["check-config", configuration.path]).status == 0)
}

@Test func wfpwatch_replayAndInspect_sayOnStderrWhenNoConfigurationIsFound() throws {
    let installed = FileManager.default.fileExists(atPath: WFPWatchConfiguration.installedPath)
    let elsewhere = FileManager.default.temporaryDirectory
    let message = Data("<14>Dec  4 15:30:00 proxy01 app: hello\n".utf8)

    let replay = try ProcessRunner.wfpwatch(["replay", "-"], input: message, directory: elsewhere)
    let inspect = try ProcessRunner.wfpwatch(["inspect", "-"], input: message, directory: elsewhere)
    #expect(replay.status == 0)
    #expect(inspect.status == 0)
    #expect(!inspect.output.isEmpty)
    for result in [replay, inspect] {
        #expect(!result.output.contains("built-in defaults"))
        #expect(result.error.contains(WFPWatchCommandLine.defaultsNotice) == !installed)
    }

    // With a configuration found, nothing is said.
    let found = try ProcessRunner.wfpwatch(["replay", "-"], input: message)
    #expect(!found.error.contains("built-in defaults"))
}
