import Foundation
import Testing

@testable import Daemon

@Test func commandLineArguments_parsesReplayOptionsInBothSpellings() throws {
    let command = try CommandLineArguments.parse([
        "replay", "--config=c.yaml", "--stats", "--time-zone", "+02:00", "a.jsonl", "-",
    ])
    var expected = ReplayOptions()
    expected.configPath = "c.yaml"
    expected.printStatistics = true
    expected.timeZone = "+02:00"
    expected.files = ["a.jsonl", "-"]
    #expect(command == .replay(expected))
}

@Test func commandLineArguments_rejectsMissingValueAndStrayOperand() {
    #expect(throws: UsageError(message: "--config needs a value", command: "serve")) {
        try CommandLineArguments.parse(["serve", "--config"])
    }
    #expect(throws: UsageError(message: "unexpected argument 'extra'", command: "serve")) {
        try CommandLineArguments.parse(["serve", "extra"])
    }
    #expect(throws: UsageError(message: "--transport 'sctp' is not allowed (allowed: tcp, udp)", command: "inspect")) {
        try CommandLineArguments.parse(["inspect", "--transport", "sctp"])
    }
}

@Test func commandLineArguments_helpWinsOverOtherArguments() throws {
    #expect(try CommandLineArguments.parse(["replay", "--stats", "--help"]) == .help(command: "replay"))
    #expect(try CommandLineArguments.parse(["--help"]) == .help(command: nil))
    #expect(try CommandLineArguments.parse(["inspect", "-"]) == .inspect(InspectOptions()))
}

@Test func wfpwatch_printsVersionAndHelp_exitingZero() throws {
    let version = try ProcessRunner.wfpwatch(["--version"])
    #expect(version.status == 0)
    #expect(version.output == "wfpwatch \(WFPWatchVersion.string)\n")

    for command in ["serve", "replay", "inspect", "check-config"] {
        let help = try ProcessRunner.wfpwatch([command, "--help"])
        #expect(help.status == 0)
        #expect(help.output.hasPrefix("Usage: wfpwatch \(command)"))
    }
    #expect(try ProcessRunner.wfpwatch(["--help"]).output.contains("check-config"))
}

@Test(arguments: [
    ([String](), "wfpwatch: no command given"),
    (["frobnicate"], "wfpwatch: unknown command 'frobnicate'"),
    (["replay", "--bogus", "x"], "wfpwatch: unknown option '--bogus' for replay"),
    (["replay"], "wfpwatch: replay needs at least one FILE"),
    (["replay", "--time-zone", "CEST", "x"], "wfpwatch: --time-zone 'CEST' is not a time zone"),
])
func wfpwatch_exits64_onUsageErrors(arguments: [String], message: String) throws {
    let result = try ProcessRunner.wfpwatch(arguments)
    #expect(result.status == 64)
    #expect(result.error.hasPrefix(message))
    #expect(result.output.isEmpty)
}

@Test func wfpwatch_checkConfig_printsOkOrLocatedError_exit78() throws {
    let good = try ProcessRunner.wfpwatch(["check-config", "config/wfpwatch.yaml"])
    #expect(good.status == 0)
    #expect(good.output == "ok\n")

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-bad-\(getpid()).yaml").path
    try "alerts:\n  suppression_window: soon\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let bad = try ProcessRunner.wfpwatch(["check-config", path])
    #expect(bad.status == 78)
    #expect(bad.error.hasPrefix("\(path):2: alerts.suppression_window: 'soon' is not a duration"))

    let serve = try ProcessRunner.wfpwatch(["serve", "--config", path])
    #expect(serve.status == 78)
}

@Test func wfpwatch_replay_exits66_whenAFileIsMissing_beforeAnyOutput() throws {
    let capture = TestPaths.realCapture("otrf_log4shell_java_serialized_object_azure_la.jsonl").path
    let result = try ProcessRunner.wfpwatch(["replay", capture, "/nonexistent/capture.log"])
    #expect(result.status == 66)
    #expect(result.error == "wfpwatch: replay: /nonexistent/capture.log: No such file or directory\n")
    #expect(result.output.isEmpty)
}

@Test func wfpwatch_inspect_reportsFramingHeaderAndOutcomePerMessage() throws {
    let input = Data("<14>Dec  4 15:30:00 proxy01 app: first\nsecond line without header\n".utf8)
    let result = try ProcessRunner.wfpwatch(["inspect", "-"], input: input)
    #expect(result.status == 0)

    let lines = result.output.split(separator: "\n")
    #expect(lines.count == 2)
    for line in lines {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let frame = try #require(object["frame"] as? [String: Any])
        #expect(frame["framing"] as? String == "line_feed")
        #expect(object["header"] is [String: Any])
        #expect(object["outcome"] as? String == "skipped")
    }
    #expect(lines[1].contains("\"bytes\":26"))
}

@Test func wfpwatch_inspectUDP_treatsWholeInputAsOneDatagram() throws {
    let result = try ProcessRunner.wfpwatch(["inspect", "--transport", "udp"], input: Data("one\ntwo\n".utf8))
    #expect(result.status == 0)
    #expect(result.output.split(separator: "\n").count == 1)
    #expect(result.output.contains("{\"framing\":\"datagram\",\"bytes\":8,\"original_bytes\":8,\"truncated\":false}"))
}

@Test func wfpwatch_inspect_cutsMessagesAtTheConfiguredLimit() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-inspect-\(getpid()).yaml").path
    try """
        listeners:
          - {name: tcp, transport: tcp, address: 127.0.0.1, port: 5514, max_message_bytes: 600}
          - {name: udp, transport: udp, address: 127.0.0.1, port: 5514, max_message_bytes: 500}
        """.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let message = "<14>Dec  4 15:30:00 proxy01 app: " + String(repeating: "x", count: 967)

    let tcp = try ProcessRunner.wfpwatch(["inspect", "--config", path, "-"], input: Data((message + "\n").utf8))
    #expect(tcp.status == 0)
    #expect(tcp.output.contains("{\"framing\":\"line_feed\",\"bytes\":600,\"original_bytes\":1000,\"truncated\":true}"))

    let udp = try ProcessRunner.wfpwatch(["inspect", "--config", path, "--transport", "udp"], input: Data(message.utf8))
    #expect(udp.status == 0)
    #expect(udp.output.contains("{\"framing\":\"datagram\",\"bytes\":500,\"original_bytes\":1000,\"truncated\":true}"))

    let missing = try ProcessRunner.wfpwatch(["inspect", "--config", "/nonexistent/wfpwatch.yaml", "-"], input: Data())
    #expect(missing.status == 78)
}
