import Detection
import Foundation
import Testing
import WFPCore

@testable import Daemon

/// A series with `callbacks` callbacks `periodSeconds` apart from second 1,000.
private func series(callbacks: Int, periodSeconds: Int64, source: UInt8 = 1) -> BeaconSeries {
    var series = BeaconSeries(firstAttemptNanoseconds: 1_000_000_000_000, source: source)
    for number in 1..<callbacks {
        let time = 1_000_000_000_000 + Int64(number) * periodSeconds * 1_000_000_000
        _ = series.record(attemptNanoseconds: time, coalesceGapNanoseconds: 1_000_000_000)
        _ = series.record(attemptNanoseconds: time + 300_000_000, coalesceGapNanoseconds: 1_000_000_000)
    }
    return series
}

/// Two hosts, an address key and a name key, one series with a full interval ring.
private let sampleState: SavedState = {
    let entries = [
        CorrelationSnapshot.SeriesEntry(
            host: "WS1.example.local", image: "updater.exe",
            destination: .address(IPAddress("203.0.113.7")!, port: 443), lastSeenNanoseconds: 5_000,
            series: series(callbacks: 6, periodSeconds: 60)),
        CorrelationSnapshot.SeriesEntry(
            host: "ws2", image: "", destination: .name("c2.example.net"), lastSeenNanoseconds: -7,
            series: series(callbacks: 40, periodSeconds: 5, source: 2)),
        CorrelationSnapshot.SeriesEntry(
            host: "ws2", image: "rundll32.exe", destination: .address(IPAddress("2001:db8::1")!, port: 8443),
            lastSeenNanoseconds: 9, series: series(callbacks: 1, periodSeconds: 1)),
    ]
    return SavedState(correlation: CorrelationSnapshot(series: entries))
}()

/// Every field of an entry, for comparing entries.
private func fields(_ entry: CorrelationSnapshot.SeriesEntry) -> String {
    let series = entry.series
    return "\(entry.host)|\(entry.image)|\(entry.destination)|\(entry.lastSeenNanoseconds)|"
        + "\(series.firstCallbackNanoseconds)|\(series.lastCallbackNanoseconds)|\(series.lastAttemptNanoseconds)|"
        + "\(series.callbacks)|\(series.alertedLevel)|\(series.source)|\(series.intervals.values)"
}

private func decodeError(_ bytes: [UInt8]) -> StateFileError? {
    do {
        _ = try StateFile.decode(bytes)
        return nil
    } catch {
        return error
    }
}

@Test func stateFile_roundTripsBeaconSeries_fieldForField() throws {
    var state = sampleState
    state.correlation.series[1].series.alertedLevel = 1
    let decoded = try StateFile.decode(StateFile.encode(state))

    #expect(decoded.correlation.series.map(fields) == state.correlation.series.map(fields))
    #expect(state.correlation.series[1].series.intervals.count == 32, "the sample fills the ring")
    #expect(state.correlation.series[1].series.callbacks == 40)
}

@Test func stateFile_roundTripsEmptyState() throws {
    let decoded = try StateFile.decode(StateFile.encode(SavedState()))
    #expect(decoded.keyCount == 0)
}

@Test func stateFile_rejectsEveryTruncation() {
    let bytes = StateFile.encode(sampleState)
    for length in 0..<bytes.count {
        #expect(decodeError(Array(bytes[..<length])) != nil, "prefix of \(length) bytes accepted")
    }
}

@Test func stateFile_rejectsEveryBitFlipInPayload_byChecksum() {
    let bytes = StateFile.encode(sampleState)
    let payloadStart = headerBytes(bytes)
    for offset in payloadStart..<bytes.count {
        for bit in 0..<8 {
            var flipped = bytes
            flipped[offset] ^= UInt8(1 << bit)
            guard case .badChecksum = decodeError(flipped) else {
                Issue.record("bit \(bit) of byte \(offset) not caught by the checksum")
                return
            }
        }
    }
}

/// Magic, version, writer version, payload length and checksum.
private func headerBytes(_ bytes: [UInt8]) -> Int {
    let versionLength = Int(bytes[12]) | Int(bytes[13]) << 8
    return 8 + 4 + 4 + versionLength + 8 + 4
}

@Test func stateFile_rejectsBadMagic_andOtherFormatVersion() {
    var bytes = StateFile.encode(sampleState)
    bytes[9] = 0x7F
    #expect(decodeError(bytes) == .unsupportedVersion(found: 0x7F01, supported: 1))

    bytes = StateFile.encode(sampleState)
    bytes[0] = 0x58
    #expect(decodeError(bytes) == .badMagic)
}

@Test func stateFile_refusesHugeCount_evenWithValidChecksum() {
    // A payload whose beacon section claims four billion entries in twelve bytes.
    var payload = StateEncoder()
    payload.writeSection(tag: SavedState.SectionTag.beaconSeries) { $0.write(UInt32.max) }
    var file = StateEncoder()
    file.append(raw: StateFile.magic)
    file.write(StateFile.formatVersion)
    file.write("test")
    file.write(UInt64(payload.count))
    file.write(CRC32.checksum(payload.bytes))
    file.append(raw: payload.bytes)

    guard case .tooLong(let what, let length, let limit, _) = decodeError(file.bytes) else {
        Issue.record("a count of \(UInt32.max) was accepted")
        return
    }
    #expect(what == "beacon series")
    #expect(length == Int(UInt32.max))
    #expect(limit == SavedState.maximumSeriesEntries)
}

@Test func crc32_matchesTheStandardCheckValue() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
}

@Test func stateFile_skipsUnknownSection_andReadsTheRest() throws {
    var payload = StateEncoder()
    payload.writeSection(tag: 99) { $0.write("from a later build") }
    sampleState.encodePayload(into: &payload)
    var file = StateEncoder()
    file.append(raw: StateFile.magic)
    file.write(StateFile.formatVersion)
    file.write("9.9.9")
    file.write(UInt64(payload.count))
    file.write(CRC32.checksum(payload.bytes))
    file.append(raw: payload.bytes)

    let decoded = try StateFile.decode(file.bytes)
    #expect(decoded.correlation.series.map(fields) == sampleState.correlation.series.map(fields))
}

@Test func stateFile_headerBitFlips_failOrLeaveTheStateUnchanged() {
    let bytes = StateFile.encode(sampleState)
    for offset in 0..<headerBytes(bytes) {
        for bit in 0..<8 {
            var flipped = bytes
            flipped[offset] ^= UInt8(1 << bit)
            // Only the writer's version text is outside the checksum; it is informational.
            if let decoded = try? StateFile.decode(flipped) {
                #expect(decoded.correlation.series.map(fields) == sampleState.correlation.series.map(fields))
                #expect((16..<headerBytes(bytes) - 12).contains(offset), "flip at byte \(offset) accepted")
            }
        }
    }
}

@Test func beaconSeries_decoding_refusesValuesNoSeriesHolds() {
    func decodes(callbacks: UInt32, intervals: UInt8, level: Int8 = -1) -> Bool {
        var encoder = StateEncoder()
        for time: Int64 in [0, 1_000, 1_000] { encoder.write(time) }
        encoder.write(callbacks)
        encoder.write(UInt8(bitPattern: level))
        encoder.write(UInt8(1))
        encoder.write(intervals)
        for _ in 0..<intervals { encoder.write(UInt32(1)) }
        let bytes = encoder.bytes
        return bytes.withUnsafeBytes { buffer in
            var decoder = StateDecoder(buffer)
            return (try? BeaconSeries(decoding: &decoder)) != nil
        }
    }
    #expect(decodes(callbacks: 2, intervals: 1))
    #expect(!decodes(callbacks: 0, intervals: 0))
    #expect(!decodes(callbacks: 2, intervals: 2), "more intervals than callbacks allow")
    #expect(!decodes(callbacks: 100, intervals: 33), "over the ring's capacity")
    #expect(!decodes(callbacks: 2, intervals: 1, level: -2))
}
