import Foundation
import Testing

@testable import Daemon

/// Alert timelines from replaying the real attack captures, and `wfpwatch timeline` over them,
/// both through the built binary.
@Suite struct TimelineCommandTests {
    typealias Entry = (time: String, kind: String, pid: Int?, image: String, text: String)

    func replayAlerts(_ capture: String) throws -> (lines: [String], alerts: [[String: Any]]) {
        let result = try ProcessRunner.wfpwatch(
            ["replay", "--config", "config/wfpwatch.yaml", TestPaths.realCapture(capture).path])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        let alerts = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        return (lines, alerts)
    }

    func timeline(of alerts: [[String: Any]], image: String, destination: String) throws -> [Entry] {
        let alert = try #require(alerts.first {
            ($0["process"] as? [String: Any])?["image"] as? String == image
                && "\($0["dst_ip"] ?? ""):\($0["dst_port"] ?? "")" == destination
        })
        let entries = try #require(alert["timeline"] as? [[String: Any]])
        let eventTime = try #require(alert["event_time"] as? String)
        let parsed: [Entry] = entries.map { entry in
            (entry["time"] as? String ?? "", entry["kind"] as? String ?? "", entry["pid"] as? Int,
                entry["image"] as? String ?? "", entry["text"] as? String ?? "")
        }
        #expect(parsed.allSatisfy { $0.time <= eventTime }, "timeline of \(image) runs past \(eventTime)")
        #expect(parsed.map(\.time) == parsed.map(\.time).sorted())
        return parsed
    }

    @Test func regsvr32Capture_agentTimelineShowsStagerStartAndItsFetchFrom8444() throws {
        let (_, alerts) = try replayAlerts("otrf_empire_launcher_sct_regsvr32.jsonl")
        let entries = try timeline(of: alerts, image: "powershell.exe", destination: "10.10.10.5:80")

        let start = try #require(entries.firstIndex { $0.kind == "process_start" && $0.image == "regsvr32.exe" })
        #expect(entries[start].pid == 9384)
        #expect(entries[start].text.contains("/i:http://10.10.10.5:8444/launcher.sct"))
        let fetch = try #require(entries.firstIndex {
            $0.kind == "connection" && $0.image == "regsvr32.exe" && $0.text == "→ 10.10.10.5:8444/tcp (allowed)"
        })
        #expect(start <= fetch)
        let agent = try #require(entries.firstIndex { $0.kind == "process_start" && $0.image == "powershell.exe" })
        #expect(entries[agent].text.contains("-enc"))
        #expect(entries.count <= 32)
    }

    @Test func metasploitCapture_payloadTimelineShowsBrowserDownloadFromSameServer() throws {
        let (_, alerts) = try replayAlerts("otrf_metasploit_lsass_campaign01_logonpasswords.jsonl")
        let entries = try timeline(of: alerts, image: "winx64_payload.exe", destination: "10.0.5.13:8080")

        let download = try #require(entries.first { $0.image == "msedge.exe" && $0.kind == "connection" })
        #expect(download.text == "→ 10.0.5.13:80/tcp (allowed)")
        let payloadStart = try #require(entries.first { $0.kind == "process_start" && $0.pid == 1988 })
        #expect(download.time < payloadStart.time)
        #expect(payloadStart.text.contains(#"\Downloads\winx64_payload.exe"#))
    }

    @Test func replay_writesByteIdenticalAlerts_onEveryRun() throws {
        let first = try replayAlerts("otrf_empire_launcher_sct_regsvr32.jsonl").lines
        let second = try replayAlerts("otrf_empire_launcher_sct_regsvr32.jsonl").lines
        #expect(!first.isEmpty)
        #expect(first == second)
        #expect(first.allSatisfy { $0.hasSuffix("]}") && $0.contains(#","timeline":["#) })
    }

    @Test func timelineCommand_printsHostEventsInRange_inTimeOrder() throws {
        let result = try ProcessRunner.wfpwatch([
            "timeline", "--config", "config/wfpwatch.yaml", "--host", "workstation5",
            "--from", "2020-07-21T23:27:52Z", "--to", "2020-07-21T23:27:53Z",
            TestPaths.realCapture("otrf_empire_launcher_sct_regsvr32.jsonl").path,
        ])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)

        #expect(lines.first?.hasPrefix("2020-07-21T23:27:52Z  process_start  9384    regsvr32.exe") == true)
        #expect(lines.contains { $0.contains("regsvr32.exe") && $0.hasSuffix("→ 10.10.10.5:8444/tcp (allowed)") })
        #expect(lines.contains { $0.contains("powershell.exe") && $0.hasSuffix("→ 10.10.10.5:80/tcp (allowed)") })
        #expect(lines.allSatisfy { $0.hasPrefix("2020-07-21T23:27:52Z") || $0.hasPrefix("2020-07-21T23:27:53Z") })
        #expect(lines.map { $0.prefix(20) } == lines.map { $0.prefix(20) }.sorted())
        #expect(!lines.contains { $0.contains("MORDORDC") })
    }

    @Test func timelineCommand_saysSoOnStandardError_whenHostHasNoEvents() throws {
        let result = try ProcessRunner.wfpwatch([
            "timeline", "--config", "config/wfpwatch.yaml", "--host", "nosuchhost",
            TestPaths.realCapture("otrf_empire_launcher_sct_regsvr32.jsonl").path,
        ])
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("no events of host 'nosuchhost'"))
    }

    @Test func timelineArguments_needHostAndFile_andOrderedRange() throws {
        #expect(throws: UsageError.self) { try CommandLineArguments.parse(["timeline", "capture.jsonl"]) }
        #expect(throws: UsageError.self) { try CommandLineArguments.parse(["timeline", "--host", "ws1"]) }
        let parsed = try CommandLineArguments.parse(
            ["timeline", "--host=ws1", "--from", "2020-07-21T23:27:00Z", "a", "b"])
        var expected = TimelineOptions()
        expected.host = "ws1"
        expected.from = "2020-07-21T23:27:00Z"
        expected.files = ["a", "b"]
        #expect(parsed == .timeline(expected))

        let reversed = try ProcessRunner.wfpwatch([
            "timeline", "--host", "ws1", "--from", "2020-07-21T23:28:00Z", "--to", "2020-07-21T23:27:00Z", "-",
        ], input: Data())
        #expect(reversed.status == 64)
        #expect(reversed.error.contains("is after --to"))
    }

    @Test func timelineCollector_matchesShortHostName_toFullNameOnly() {
        #expect(TimelineCollector.hostMatches("WORKSTATION5.mordor.local", "workstation5"))
        #expect(TimelineCollector.hostMatches("WORKSTATION5.mordor.local", "workstation5.MORDOR.local"))
        #expect(!TimelineCollector.hostMatches("WORKSTATION5.mordor.local", "workstation5.other.local"))
        #expect(!TimelineCollector.hostMatches("WORKSTATION50.mordor.local", "workstation5"))
    }
}
