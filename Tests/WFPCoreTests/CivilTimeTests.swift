import Testing
import WFPCore

@Test func civilTime_roundTripsThroughComponents() throws {
    let stamp = try #require(CivilTime.timestamp(
        year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 58, nanosecond: 583_000_000))
    #expect(CivilTime.rfc3339(stamp) == "2024-02-29T23:59:58.583Z")
    #expect(CivilTime.timestamp(year: 2023, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
}

@Test func dateTimeText_readsSysmonUtcTimeWithoutZone() throws {
    let parsed = try #require(parse("2020-08-07 18:32:09.583", offset: 3600))
    #expect(parsed.hadZone == false)
    #expect(CivilTime.rfc3339(parsed.timestamp) == "2020-08-07T17:32:09.583Z")
}

@Test func dateTimeText_readsOffsetsAndLongFractions() throws {
    let azure = try #require(parse("2022-05-13T08:54:05.2100000Z"))
    #expect(CivilTime.rfc3339(azure.timestamp) == "2022-05-13T08:54:05.210Z")
    let offset = try #require(parse("2024-12-04T15:30:02.341842+02:00"))
    #expect(offset.hadZone)
    #expect(CivilTime.rfc3339(offset.timestamp) == "2024-12-04T13:30:02.341842000Z")
    #expect(parse("2024-13-04T15:30:02Z") == nil)
    #expect(parse("not a time") == nil)
}

private func parse(_ text: String, offset: Int = 0) -> DateTimeText.Parsed? {
    var copy = text
    return copy.withUTF8 { DateTimeText.parse(UnsafeRawBufferPointer($0), defaultOffsetSeconds: offset) }
}

@Test func dateTimeText_refusesYearsATimestampCannotHold() {
    #expect(parse("2262-04-11 23:47:17") == nil)
    #expect(parse("9999-12-31T23:59:59Z") == nil)
    #expect(parse("1000-01-01T00:00:00Z") == nil)
    #expect(parse("2200-12-31T23:59:59Z") != nil)
}

@Test func timestamp_secondsSinceEpoch_holdsAtTheLimits() {
    #expect(Timestamp(nanosecondsSinceEpoch: .min).secondsSinceEpoch == -9_223_372_037)
    #expect(Timestamp(nanosecondsSinceEpoch: .max).secondsSinceEpoch == 9_223_372_036)
}
