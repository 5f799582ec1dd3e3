import Detection
import Foundation
import Synchronization
import Testing
import WFPCore

@testable import Alerting

private typealias F = AlertingFixtures

/// Records log lines instead of writing them.
private final class RecordingLogBackend: LogBackend {
    let lines = Mutex<[(LogLevel, String, [(String, String)])]>([])

    func write(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        lines.withLock { $0.append((level, message, fields)) }
    }
}

@Test func journalSink_logsOnce_countsFailures_andLogsRecovery() {
    let backend = RecordingLogBackend()
    let metrics = MetricsRegistry()
    let journalUp = Atomic<Bool>(false)
    let sink = JournalSink(log: Log(backend: backend), metrics: metrics) { _ in
        journalUp.load(ordering: .relaxed) ? 0 : -ENOENT
    }

    for _ in 0..<3 { sink.deliver(F.alert()) }
    journalUp.store(true, ordering: .relaxed)
    sink.deliver(F.alert())
    sink.deliver(F.alert())

    let lines = backend.lines.withLock { $0 }
    #expect(lines.count == 2)
    #expect(lines.first?.0 == .error)
    #expect(lines.first?.2.contains { $0 == ("error", "No such file or directory") } == true)
    #expect(lines.last?.0 == .notice)
    #expect(lines.last?.2.contains { $0 == ("lost_alerts", "3") } == true)
    #expect(metrics.counter("wfpwatch_sink_failures_total", ["sink": "journal"]).value == 3)
}

@Test(arguments: [(Severity.critical, 2), (.high, 3), (.medium, 4), (.low, 5), (.info, 6)])
func journalSink_mapsSeverityToPriority(severity: Severity, priority: Int) {
    #expect(JournalSink.priority(of: severity) == priority)
}

@Test func journalSink_buildsOnlyValidFieldNames() {
    let fields = JournalSink.fields(of: F.alert())

    #expect(fields.allSatisfy { Journal.isValidFieldName($0.0) })
    #expect(fields.first { $0.0 == "WFPWATCH_ALERT_JSON" }?.1 == AlertJSON.encode(F.alert()))
}

@Test func journal_validatesFieldNames_andMapsLogKeys() {
    #expect(Journal.isValidFieldName("WFPWATCH_DST_IP"))
    #expect(!Journal.isValidFieldName("wfpwatch_dst_ip"))
    #expect(!Journal.isValidFieldName("_PID"))
    #expect(!Journal.isValidFieldName(""))
    #expect(!Journal.isValidFieldName(String(repeating: "A", count: 65)))
    #expect(Journal.fieldName(forKey: "dst_ip") == "WFPWATCH_DST_IP")
    #expect(Journal.fieldName(forKey: "frame.bytes-max") == "WFPWATCH_FRAME_BYTES_MAX")
    #expect(Journal.fieldName(forKey: String(repeating: "k", count: 100)).utf8.count == 64)
}

@Test func journalLogBackend_buildsEntry_andFallsBackWhenJournalMissing() {
    let sent = Mutex<[[(String, String)]]>([])
    let fallback = RecordingLogBackend()
    let journalUp = Atomic<Bool>(true)
    let backend = JournalLogBackend(fallback: fallback) { fields in
        sent.withLock { $0.append(fields) }
        return journalUp.load(ordering: .relaxed) ? 0 : -ENOENT
    }

    backend.write(.warning, "frame over limit", [("frame_bytes", "70000"), ("limit", "65536")])
    let entry = sent.withLock { $0 }.first ?? []
    #expect(entry.contains { $0 == ("MESSAGE", "frame over limit") })
    #expect(entry.contains { $0 == ("PRIORITY", "4") })
    #expect(entry.contains { $0 == ("SYSLOG_IDENTIFIER", "wfpwatch") })
    #expect(entry.contains { $0 == ("WFPWATCH_KIND", "log") })
    #expect(entry.contains { $0 == ("WFPWATCH_FRAME_BYTES", "70000") })
    #expect(entry.contains { $0 == ("WFPWATCH_LIMIT", "65536") })
    #expect(fallback.lines.withLock { $0.isEmpty })

    journalUp.store(false, ordering: .relaxed)
    backend.write(.error, "journal gone", [("sink", "journal")])
    let fellBack = fallback.lines.withLock { $0 }
    #expect(fellBack.count == 1)
    #expect(fellBack.first?.1 == "journal gone")
    #expect(fellBack.first?.2.first ?? ("", "") == ("sink", "journal"))
}
