import Foundation
import Testing
@testable import EventDecoding

/// Real captures (NXLog JSON of the OTRF datasets) carry both the rendered `Message` and the
/// EventData fields; every message read as text must give the values the JSON holds.
@Suite struct RenderedTextRealCaptureTests {
    /// JSON key of the capture for each field the rendered text yields, per event id.
    static let expectedKeys: [Int: [(FieldName, String)]] = [
        5156: connectionKeys, 5157: connectionKeys,
        3: [
            (.processID, "ProcessId"), (.image, "Image"), (.user, "User"), (.protocolNumber, "Protocol"),
            (.initiated, "Initiated"), (.sourceAddress, "SourceIp"), (.sourcePort, "SourcePort"),
            (.destinationAddress, "DestinationIp"), (.destinationPort, "DestinationPort"), (.utcTime, "UtcTime"),
        ],
        1: [
            (.processID, "ProcessId"), (.image, "Image"), (.commandLine, "CommandLine"), (.user, "User"),
            (.parentProcessID, "ParentProcessId"), (.parentProcessName, "ParentImage"), (.utcTime, "UtcTime"),
        ],
        4688: [
            (.newProcessID, "NewProcessId"), (.newProcessName, "NewProcessName"), (.processID, "ProcessId"),
            (.parentProcessName, "ParentProcessName"), (.commandLine, "CommandLine"), (.user, "SubjectUserName"),
        ],
        22: [(.processID, "ProcessId"), (.image, "Image"), (.queryName, "QueryName"), (.queryResults, "QueryResults")],
    ]

    static let connectionKeys: [(FieldName, String)] = [
        (.processID, "ProcessId"), (.application, "Application"), (.sourceAddress, "SourceAddress"),
        (.sourcePort, "SourcePort"), (.destinationAddress, "DestAddress"), (.destinationPort, "DestPort"),
        (.protocolNumber, "Protocol"),
    ]

    static let captures = [
        "otrf_covenant_dcom_executeexcel4macro_blocked.jsonl", "otrf_empire_launcher_sct_regsvr32.jsonl",
        "otrf_empire_psinject_peinjection.jsonl", "otrf_metasploit_lsass_campaign01_logonpasswords.jsonl",
    ]

    @Test(arguments: captures)
    func renderedText_matchesCaptureFields_inWindowsLayout(file: String) throws {
        let checked = try compareEveryMessage(in: file) { $0 }
        #expect(checked > 0)
    }

    /// Snare's flattening: every CR, LF and TAB becomes a space, the labels stay.
    @Test(arguments: captures)
    func renderedText_matchesCaptureFields_whenFlattenedToOneLine(file: String) throws {
        let checked = try compareEveryMessage(in: file) { message in
            String(message.unicodeScalars.map { $0 == "\r" || $0 == "\n" || $0 == "\t" ? " " : Character($0) })
        }
        #expect(checked > 0)
    }

    /// Returns how many messages were compared; records an issue for every value that differs.
    private func compareEveryMessage(in file: String, layout: (String) -> String) throws -> Int {
        var checked = 0
        var valuesCompared = 0
        for event in try TextDecodingFixtures.realEvents(file) {
            guard let eventID = event["EventID"] as? Int, let keys = Self.expectedKeys[eventID],
                let message = event["Message"] as? String
            else { continue }

            let (recognized, fields) = TextDecodingFixtures.renderedFields(layout(message))
            #expect(recognized, "EventID \(eventID) not recognized")
            #expect(fields[.eventID] == String(eventID))
            for (name, key) in keys {
                // Captures differ in case (`ProcessId`, `ProcessID`).
                let value = event.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
                let expected = TextDecodingFixtures.jsonText(value)
                #expect(fields[name] == expected, "EventID \(eventID) \(key)")
                if expected != nil { valuesCompared += 1 }
            }
            checked += 1
        }
        // Most compared fields must hold a value, or the comparison proves little.
        #expect(valuesCompared >= checked * 3)
        return checked
    }
}

/// Shared by the text, Snare and XML decoding tests: fixture paths and extraction shortcuts.
enum TextDecodingFixtures {
    /// `shared/` beside the package root (the same layout in worktrees and in CI).
    static let sharedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    static func realEvents(_ file: String) throws -> [[String: Any]] {
        let url = sharedDirectory.appendingPathComponent("data/real").appendingPathComponent(file)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        return try lines.map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
    }

    static func bugInput(_ number: String) throws -> [UInt8] {
        let url = sharedDirectory.appendingPathComponent("bug-inputs/\(number).bin")
        return Array(try Data(contentsOf: url))
    }

    /// A JSON value as the text the event would render (trimmed like rendered values are).
    static func jsonText(_ value: Any?) -> String? {
        let text: String
        switch value {
        case let string as String: text = string
        case let number as NSNumber: text = number.stringValue
        default: return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func renderedFields(_ text: String) -> (Bool, EventFields) {
        extract(Array(text.utf8), RenderedTextExtractor.extract)
    }

    static func extract(
        _ bytes: [UInt8], _ extractor: (UnsafeRawBufferPointer, inout EventFields) -> Bool
    ) -> (Bool, EventFields) {
        var fields = EventFields()
        let recognized = bytes.withUnsafeBytes { extractor($0, &fields) }
        return (recognized, fields)
    }
}

extension TextDecodingFixtures {
    typealias Extractor = (UnsafeRawBufferPointer, inout EventFields) -> Bool

    /// Feeds every prefix of `valid`, seeded random buffers and mutated copies of `valid`: the
    /// extractor must return without crashing; the whole valid input must be recognized.
    static func exerciseRobustness(_ valid: [UInt8], _ extractor: Extractor) {
        #expect(extract(valid, extractor).0, "the valid input must be recognized")
        for length in 0..<valid.count {
            _ = extract(Array(valid[..<length]), extractor)
        }

        var random = SplitMix64(seed: 0x5EED_CAFE)
        for _ in 0..<500 {
            let noise = (0..<Int(random.next() % 600)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = extract(noise, extractor)
        }
        for _ in 0..<500 {
            var mutated = valid
            for _ in 0..<Int(random.next() % 8) + 1 where !mutated.isEmpty {
                let index = Int(random.next() % UInt64(mutated.count))
                mutated[index] = UInt8(truncatingIfNeeded: random.next())
            }
            _ = extract(mutated, extractor)
        }
    }

    /// The extractor reads `bytes` within two seconds (a debug build), so its work is not
    /// quadratic in the input.
    static func expectPrompt(_ bytes: [UInt8], _ extractor: Extractor) {
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = extract(bytes, extractor) }
        #expect(elapsed < .seconds(2), "\(bytes.count) bytes took \(elapsed)")
    }
}

/// A small deterministic generator so a failing random input can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
