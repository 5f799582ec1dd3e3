import Detection
import EventDecoding
import Foundation
import WFPCore

/// `wfpwatch-bench flood`: one process reaching a new destination on every event. With the
/// engine's cap on tracked keys, resident memory must level off once the cap is reached while
/// evictions climb.
enum FloodBenchmark {
    static func run(keys: Int, cap: Int) {
        var configuration = CorrelationConfiguration()
        if cap > 0 { configuration.maximumTrackedKeys = cap }
        let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())
        var engine = CorrelationEngine(configuration: configuration, rules: rules)

        print("## wfpwatch flood: \(keys) unique destinations, cap \(configuration.maximumTrackedKeys) keys\n")
        print("Resident memory before the flood: \(ProcessMemory.megabytes(ProcessMemory.residentBytes())).\n")
        print("| events | resident | keys tracked | keys evicted |")
        print("|---:|---:|---:|---:|")
        let reportEvery = max(keys / 10, 1)
        let clock = ContinuousClock()
        let started = clock.now
        var residentAtCap: Int?
        var peakResident = 0

        let start = Timestamp(secondsSinceEpoch: 1_704_700_800)
        for index in 0..<keys {
            _ = engine.process(floodEvent(index, start: start))

            let done = index + 1
            if residentAtCap == nil && done % 1024 == 0
                && Int(engine.trackedKeyCount) >= configuration.maximumTrackedKeys
            {
                residentAtCap = ProcessMemory.residentBytes()
            }
            if done % reportEvery == 0 || done == keys {
                let resident = ProcessMemory.residentBytes()
                peakResident = max(peakResident, resident)
                print("| \(done) | \(ProcessMemory.megabytes(resident)) | \(engine.trackedKeyCount) | "
                    + "\(engine.evictedKeyCount) |")
            }
        }

        let seconds = Double((clock.now - started).nanosecondsTotal) / 1e9
        print("\nPeak resident \(ProcessMemory.megabytes(peakResident))"
            + (residentAtCap.map { ", \(ProcessMemory.megabytes($0)) when the cap was first reached" } ?? "")
            + String(format: "; %.0f events/s.", Double(keys) / max(seconds, 1e-9)))
    }

    /// Destinations walk 2001:db8::/32 so every event is a new key; event time advances 1 ms.
    private static func floodEvent(_ index: Int, start: Timestamp) -> NormalizedEvent {
        let connection = Connection(
            process: ProcessRef(pid: 4242, image: "flood.exe", path: "c:\\users\\user\\flood.exe"), outcome: .allowed,
            direction: .outbound, protocolNumber: 6, sourceAddress: IPAddress(ipv4: 0x0A01_0001),
            sourcePort: UInt16(49_152 + index % 16_000),
            destinationAddress: IPAddress(high: 0x2001_0DB8_0000_0000, low: UInt64(index)), destinationPort: 443)
        let time = start + .milliseconds(index)
        return NormalizedEvent(
            eventID: 5156, format: .nxlogJSON, host: "FLOODHOST", time: time, timeSource: .event,
            receivedAt: time, detail: .connection(connection))
    }
}
