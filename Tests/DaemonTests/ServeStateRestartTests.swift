import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// A beacon whose callbacks straddle a restart: the first serve run sees six callbacks (the
// beacon detector needs eight), is stopped with SIGTERM and saves its state; the second run,
// on the same state folder, sees six more and must alert on a series that counts callbacks
// of both runs. Without the saved state the second run sees six callbacks and stays quiet.

/// One RFC 5424 line with a Security 5156 of updater.exe calling 203.0.113.7:443 at `minute`
/// past 10:00 on 2026-01-15, in NXLog JSON.
private func callbackLine(minute: Int) -> [UInt8] {
    let time = String(format: "10:%02d:00", minute)
    let json = #"{"EventID":5156,"Hostname":"ws7.example.local","EventTime":"2026-01-15 \#(time)","#
        + #""Application":"\\device\\harddiskvolume2\\tools\\updater.exe","Direction":"%%14593","#
        + #""SourceAddress":"10.0.0.7","SourcePort":"5\#(String(format: "%04d", minute))","#
        + #""DestAddress":"203.0.113.7","DestPort":"443","Protocol":"6","ProcessID":"4321","#
        + #""Channel":"Security"}"#
    return Array("<14>1 2026-01-15T\(time)Z ws7 nxlog - - - \(json)\n".utf8)
}

/// Runs serve on `stateDirectory`, sends the callbacks at `minutes`, waits until they are
/// analysed, stops it; returns the beaconing alerts it wrote and its exit status.
private func serveRun(
    minutes: Range<Int>, stateDirectory: String, workers: Int
) throws -> (beacons: [[String: Any]], status: Int32) {
    let port = try LoopbackSockets.freePort()
    let alertsPath = stateDirectory + "/alerts-\(UUID().uuidString).jsonl"
    let serve = try ServeProcess(
        listeners: ["{name: tcp, transport: tcp, address: 127.0.0.1, port: \(port)}"], workers: workers,
        alerts: "{journal: false, json_lines: \(alertsPath)}", stateDirectory: stateDirectory)

    let client = try TCPClient(port: port)
    for minute in minutes { try client.send(callbackLine(minute: minute)) }
    try #require(serve.waitUntilAccounted(minutes.count), "not analysed: \(serve.lastStatus)")
    let status = serve.stop()

    let text = (try? String(contentsOfFile: alertsPath, encoding: .utf8)) ?? ""
    let alerts = text.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    return (alerts.filter { $0["rule"] as? String == "beaconing" }, status)
}

private func callbacks(_ alert: [String: Any]) -> Int? {
    (alert["beacon"] as? [String: Any])?["callbacks"] as? Int
}

@Suite(.serialized, .timeLimit(.minutes(2)))
struct ServeStateRestartTests {
    private func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("wfpwatch-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func serve_detectsBeaconStraddlingRestart_fromSavedState() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        let first = try serveRun(minutes: 0..<6, stateDirectory: folder.path, workers: 2)
        #expect(first.status == 0)
        #expect(first.beacons.isEmpty, "six callbacks are below the threshold")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("state.bin").path))

        // Another worker count: the host's series must reach whichever worker owns it now.
        let second = try serveRun(minutes: 6..<12, stateDirectory: folder.path, workers: 3)
        #expect(second.status == 0)
        #expect(second.beacons.count == 1)
        let counted = second.beacons.first.flatMap(callbacks) ?? 0
        #expect(counted >= 8, "the alert counts callbacks of both runs, got \(counted)")
        #expect(second.beacons.first?["host"] as? String == "ws7.example.local")
    }

    @Test func serve_missesBeaconStraddlingRestart_withoutSavedState() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        let first = try serveRun(minutes: 0..<6, stateDirectory: folder.path, workers: 2)
        #expect(first.status == 0)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("state.bin"))

        let second = try serveRun(minutes: 6..<12, stateDirectory: folder.path, workers: 2)
        #expect(second.status == 0)
        #expect(second.beacons.isEmpty)
    }

    @Test func serve_setsCorruptStateAside_andStartsEmpty() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let statePath = folder.appendingPathComponent("state.bin").path
        try Data("# not a state file at all\n".utf8).write(to: URL(fileURLWithPath: statePath))

        let run = try serveRun(minutes: 0..<3, stateDirectory: folder.path, workers: 1)
        #expect(run.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.contains { $0.hasPrefix("state.bin.corrupt-") }, "set aside: \(names)")
        #expect(names.contains("state.bin"), "a fresh state was saved on stop")
    }
}

extension ServeStateRestartTests {
    /// `replay` neither reads nor writes the state: a state folder with a damaged file is left
    /// exactly as it was, and no state file appears.
    @Test func replay_leavesTheStateFolderAlone() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let statePath = folder.appendingPathComponent("state.bin").path
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: statePath))
        let configPath = folder.appendingPathComponent("wfpwatch.yaml").path
        try "state: {directory: \(folder.path), save_interval: 1s}\n".write(
            toFile: configPath, atomically: true, encoding: .utf8)

        let capture = TestPaths.realCapture("otrf_empire_psinject_peinjection.jsonl").path
        let replay = try ProcessRunner.wfpwatch(["replay", "--config", configPath, capture])
        #expect(replay.status == 0)
        #expect(!replay.output.isEmpty, "the capture raises alerts")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["state.bin", "wfpwatch.yaml"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: statePath)) == Data("damaged".utf8))
    }
}
