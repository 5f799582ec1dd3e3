import Foundation
import Testing

/// What an analyst must see when the real attack captures are replayed: the C2 connections,
/// the process that made them with its command line and parent, and the beacons.
@Suite struct ReplayCaptureAlertsTests {
    struct Replayed {
        var alerts: [[String: Any]]
        var statistics: String

        func alert(rule: String, image: String, destination: String) -> [String: Any]? {
            alerts.first {
                $0["rule"] as? String == rule && ($0["process"] as? [String: Any])?["image"] as? String == image
                    && "\($0["dst_ip"] ?? ""):\($0["dst_port"] ?? "")" == destination
            }
        }
    }

    func replay(_ capture: String) throws -> Replayed {
        let result = try ProcessRunner.wfpwatch(
            ["replay", "--config", "config/wfpwatch.yaml", "--stats", TestPaths.realCapture(capture).path])
        #expect(result.status == 0)
        let alerts = try result.output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        return Replayed(alerts: alerts, statistics: result.error)
    }

    @Test func regsvr32Capture_alertsCarryCommandLineAndParent() throws {
        let replayed = try replay("otrf_empire_launcher_sct_regsvr32.jsonl")

        let stager = try #require(
            replayed.alert(rule: "suspicious_process", image: "regsvr32.exe", destination: "10.10.10.5:8444"))
        #expect((stager["command_line"] as? String)?.contains("/i:http://10.10.10.5:8444/launcher.sct") == true)
        #expect((stager["parent"] as? [String: Any])?["image"] as? String == "powershell.exe")

        let agent = try #require(
            replayed.alert(rule: "suspicious_process", image: "powershell.exe", destination: "10.10.10.5:80"))
        #expect((agent["command_line"] as? String)?.contains("-noP -sta -w 1 -enc") == true)
        let parent = try #require(agent["parent"] as? [String: Any])
        #expect(parent["image"] as? String == "regsvr32.exe")
        #expect(parent["pid"] as? Int == 9384)
        // Started by regsvr32: raised from the rule's medium.
        #expect(agent["severity"] as? String == "high")
        #expect((agent["reasons"] as? [String])?.contains { $0.hasPrefix("started by regsvr32.exe") } == true)
        #expect(replayed.statistics.contains("process join: connections 241, joined 23 of 23 joinable (100.0 %)"))
    }

    @Test func psinjectCapture_flagsBothBeaconsAtFiveSeconds() throws {
        let replayed = try replay("otrf_empire_psinject_peinjection.jsonl")

        let connection = replayed.alert(rule: "suspicious_process", image: "powershell.exe", destination: "10.10.10.5:80")
        #expect(connection?["host"] as? String == "WORKSTATION5.theshire.local")
        for image in ["powershell.exe", "notepad.exe"] {
            let beacon = try #require(replayed.alert(rule: "beaconing", image: image, destination: "10.10.10.5:80"))
            let evidence = try #require(beacon["beacon"] as? [String: Any])
            let period = try #require(evidence["period_seconds"] as? Double)
            #expect(abs(period - 5) < 0.5, "\(image) period \(period)")
        }
    }

    @Test func metasploitCapture_payloadFromDownloadsCarriesExplorerParent() throws {
        let replayed = try replay("otrf_metasploit_lsass_campaign01_logonpasswords.jsonl")

        let payload = try #require(
            replayed.alert(rule: "suspicious_process", image: "winx64_payload.exe", destination: "10.0.5.13:8080"))
        let path = (payload["process"] as? [String: Any])?["path"] as? String
        #expect(path?.lowercased().contains("\\downloads\\") == true)
        #expect((payload["parent"] as? [String: Any])?["image"] as? String == "explorer.exe")
        #expect(replayed.statistics.contains("joined 52 of 52 joinable (100.0 %)"))
    }

    @Test func azureCapture_joinsHexCreatorToDecimalConnectionPID() throws {
        let replayed = try replay("otrf_log4shell_java_serialized_object_azure_la.jsonl")

        let spawned = try #require(
            replayed.alert(rule: "suspicious_process", image: "powershell.exe", destination: "192.168.3.5:443"))
        let parent = try #require(spawned["parent"] as? [String: Any])
        #expect(parent["image"] as? String == "tomcat9.exe")
        #expect(parent["pid"] as? Int == 3936)
        #expect(replayed.statistics.contains("joined 2 of 2 joinable (100.0 %)"))
    }
}
