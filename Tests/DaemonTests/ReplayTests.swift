import Foundation
import Testing

private let captures = [
    "otrf_empire_psinject_peinjection.jsonl", "otrf_empire_launcher_sct_regsvr32.jsonl",
    "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl", "otrf_covenant_dcom_executeexcel4macro_blocked.jsonl",
    "otrf_log4shell_java_serialized_object_azure_la.jsonl",
].map { TestPaths.realCapture($0).path }

/// The count on a `--stats` line such as `skipped: 12 (not_windows_event 12)`.
private func statistic(_ title: String, in text: String) -> Int? {
    for line in text.split(separator: "\n") where line.hasPrefix(title + ": ") {
        return Int(line.dropFirst(title.count + 2).prefix(while: { $0.isNumber }))
    }
    return nil
}

@Test func replay_isByteIdenticalAcrossRuns_andAccountsForEveryLine() throws {
    let arguments = ["replay", "--config", "config/wfpwatch.yaml", "--stats"] + captures
    let first = try ProcessRunner.wfpwatch(arguments)
    let second = try ProcessRunner.wfpwatch(arguments)

    #expect(first.status == 0)
    #expect(first.output == second.output)
    #expect(first.error == second.error)

    let lines = try captures.reduce(0) { total, path in
        total + (try String(contentsOfFile: path, encoding: .utf8)).split(separator: "\n").count
    }
    let events = try #require(statistic("events", in: first.error))
    let skipped = try #require(statistic("skipped", in: first.error))
    let failures = try #require(statistic("parse failures", in: first.error))
    #expect(events + skipped + failures == lines)
}

@Test func replay_readsStandardInputLikeAFile() throws {
    let capture = captures[4]
    let data = try Data(contentsOf: URL(fileURLWithPath: capture))
    let fromFile = try ProcessRunner.wfpwatch(["replay", "--stats", "--received-at", "2022-05-13T09:00:00Z", capture])
    let fromStdin = try ProcessRunner.wfpwatch(
        ["replay", "--stats", "--received-at", "2022-05-13T09:00:00Z", "-"], input: data)
    #expect(fromFile.status == 0)
    #expect(fromStdin.output == fromFile.output)
    #expect(fromStdin.error == fromFile.error)
}
