import WFPCore

/// What a benchmark stream holds: how many hosts and days of benign traffic, and which beacon
/// cells with how many series each. The defaults are the published benchmark.
public struct ScenarioConfiguration: Sendable, Equatable {
    public var seed: UInt64 = 1
    public var hosts = 100
    /// Days of benign traffic (background and periodic); beacons run until their callbacks are
    /// all delivered, which for a 1 h period takes longer.
    public var days = 3.0
    /// Monday 2024-01-08 00:00 UTC.
    public var start = Timestamp(secondsSinceEpoch: 1_704_672_000)

    public var periodsSeconds = [10, 60, 300, 3600]
    public var jitterPercents = [0, 10, 30, 50, 80]
    /// Missed-callback shares, cycled over the series of a cell.
    public var missedShares = [0.0, 0.1, 0.2, 0.3]
    public var beaconsPerCell = 100
    public var workHoursBeaconsPerCell = 50
    /// Callbacks delivered by every beacon series.
    public var callbacksPerBeacon = 25
    /// Share of callbacks that log a second event within 0.6 s.
    public var duplicateShare = 0.25

    public var includeBackground = true
    public var includeBenignPeriodic = true
    /// Multiplies every background rate.
    public var backgroundScale = 1.0

    public init() {}

    public var end: Timestamp { start + .seconds(days * 86_400) }

    /// Every beacon cell, always-on first, then office-hours-only.
    public var cells: [BeaconCell] {
        var cells: [BeaconCell] = []
        for workHoursOnly in [false, true] {
            for period in periodsSeconds {
                for jitter in jitterPercents {
                    cells.append(BeaconCell(periodSeconds: period, jitterPercent: jitter, workHoursOnly: workHoursOnly))
                }
            }
        }
        return cells
    }

    func seriesCount(of cell: BeaconCell) -> Int {
        cell.workHoursOnly ? workHoursBeaconsPerCell : beaconsPerCell
    }
}

/// A host of the simulated fleet.
public struct HostProfile: Sendable {
    public var name: String
    public var address: IPAddress
    public var workHours: WorkHours
    /// Hosts running in Azure poll the wire server (168.63.129.16).
    public var isAzureVM: Bool

    /// Zones of the fleet, seconds east of UTC: London, Berlin, New York, Mumbai, Los Angeles.
    static let utcOffsets = [0, 3600, -18_000, 19_800, -28_800]

    static func fleet(count: Int) -> [HostProfile] {
        (0..<count).map { index in
            HostProfile(
                name: "WS" + String(index + 1).leftPadded(to: 5),
                address: IPAddress(ipv4: 0x0A01_0000 | UInt32(index & 0xFFFF)),
                workHours: WorkHours(utcOffsetSeconds: utcOffsets[index % utcOffsets.count]),
                isAzureVM: index % 4 == 0)
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
