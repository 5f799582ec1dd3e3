import Detection
import EventDecoding
import WFPCore

/// Attributes every finding to the ground truth of the key whose event raised it (host, image,
/// destination, port) and tallies detections, callbacks needed and false alerts.
package struct Scorecard {
    package struct KeyRecord {
        package var kind: SeriesKind
        package var callbacks = 0
        package var lastEvent = Timestamp(nanosecondsSinceEpoch: .min)
        /// Callbacks seen (ground truth for beacons) when the first beaconing finding came.
        package var firstBeaconAlertCallback: Int?
        package var firstBeaconSeverity: Severity?
        /// Jitter the first beaconing finding reported, in percent of the period.
        package var firstBeaconJitterPercent: Double?
        package var alertedRules: Set<String> = []
    }

    package let truth: GroundTruth
    package let coalesceGapNanoseconds: Int64
    package private(set) var records: [ConnectionKey: KeyRecord] = [:]
    /// Findings (escalations apart) per rule on benign background keys and on benign pollers.
    package private(set) var backgroundAlertsByRule: [String: Int] = [:]
    package private(set) var pollerAlertsByRule: [String: Int] = [:]
    /// Background keys that raised at least one finding, per rule.
    package private(set) var backgroundKeysByRule: [String: Int] = [:]
    package private(set) var escalations = 0
    package private(set) var events = 0

    package init(truth: GroundTruth, coalesceGap: Duration) {
        self.truth = truth
        self.coalesceGapNanoseconds = coalesceGap.nanosecondsTotal
    }

    package mutating func observe(_ generated: GeneratedEvent, findings: [Finding]) {
        guard let connection = generated.event.connection else { return }
        events += 1
        let key = ConnectionKey(
            host: generated.event.host, image: connection.process.image, destination: connection.destinationAddress,
            port: connection.destinationPort)
        var record = records[key] ?? KeyRecord(kind: truth.kind(of: key))
        count(generated, in: &record)

        for finding in findings {
            attribute(finding, to: &record)
        }
        records[key] = record
    }

    /// Beacons count their true callbacks; other keys count arrivals apart by the coalesce gap,
    /// as the engine should.
    private func count(_ generated: GeneratedEvent, in record: inout KeyRecord) {
        let time = generated.event.time
        if record.kind.isBeacon {
            record.callbacks = generated.callbackNumber
        } else if record.lastEvent.nanosecondsSinceEpoch == .min
            || (time - record.lastEvent).nanosecondsTotal >= coalesceGapNanoseconds
        {
            record.callbacks += 1
        }
        record.lastEvent = time
    }

    private mutating func attribute(_ finding: Finding, to record: inout KeyRecord) {
        // A series first tested significant at an escalation count alerts at that level; it is
        // still the key's first alert, so only later ones count as escalations.
        if let beacon = finding.beacon, beacon.escalation > 0, record.firstBeaconAlertCallback != nil {
            escalations += 1
            return
        }
        if finding.rule == "beaconing" && record.firstBeaconAlertCallback == nil {
            record.firstBeaconAlertCallback = record.callbacks
            record.firstBeaconSeverity = finding.severity
            record.firstBeaconJitterPercent = finding.beacon?.jitterPercent
        }
        let firstOfRule = record.alertedRules.insert(finding.rule).inserted

        switch record.kind {
        case .beacon:
            break
        case .benignPeriodic:
            pollerAlertsByRule[finding.rule, default: 0] += 1
        case .background:
            backgroundAlertsByRule[finding.rule, default: 0] += 1
            if firstOfRule { backgroundKeysByRule[finding.rule, default: 0] += 1 }
        }
    }
}
