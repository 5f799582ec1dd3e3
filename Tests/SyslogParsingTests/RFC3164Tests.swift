import SyslogParsing
import Testing
import WFPCore

@Suite struct RFC3164Tests {
    @Test(arguments: ["Dec  4", "Dec 04", "Dec 4", "DEC  4", "dec 04"])
    func rfc3164_readsDay_paddedEitherWay(date: String) {
        let frame = ParsedFrame("<14>\(date) 15:30:00 host01 app[12]: text")
        #expect(frame.header.timestamp == .at("2024-12-04T15:30:00Z") && frame.header.timeZoneAssumed)
        #expect(frame.hostname == "host01" && frame.appName == "app" && frame.procID == "12")
        #expect(frame.message == "text")
    }

    @Test func rfc3164_readsMilliseconds_afterSeconds() {
        let frame = ParsedFrame("<14>Dec  4 15:30:00.250 host01 app: text")
        #expect(frame.header.timestamp == .at("2024-12-04T15:30:00.25Z"))
    }

    @Test func rfc3164_takesNextYear_whenJanuaryTimeArrivesOnNewYearsEve() {
        let frame = ParsedFrame("<14>Jan  1 00:00:02 h app: m", receivedAt: .at("2024-12-31T23:59:59Z"))
        #expect(frame.header.timestamp == .at("2025-01-01T00:00:02Z"))
    }

    @Test func rfc3164_takesPreviousYear_whenDecemberTimeArrivesInJanuary() {
        let frame = ParsedFrame("<14>Dec 31 23:59:58 h app: m", receivedAt: .at("2025-01-01T00:00:03Z"))
        #expect(frame.header.timestamp == .at("2024-12-31T23:59:58Z"))
    }

    @Test func rfc3164_findsLeapYear_forFebruary29() {
        let frame = ParsedFrame("<14>Feb 29 12:00:00 h app: m", receivedAt: .at("2025-06-01T00:00:00Z"))
        #expect(frame.header.timestamp == .at("2024-02-29T12:00:00Z"))
    }

    @Test func rfc3164_readsYearInConfiguredZone_nearMidnight() {
        // 00:30 on Jan 1 at UTC+2 is still Dec 31 in UTC; the year is chosen in the sender's zone.
        let parser = SyslogParser(timeZoneOffsetSeconds: 7200)
        let frame = ParsedFrame("<14>Jan  1 00:30:00 h app: m", parser: parser, receivedAt: .at("2024-12-31T22:30:05Z"))
        #expect(frame.header.timestamp == .at("2024-12-31T22:30:00Z"))
    }

    @Test func rfc3164_acceptsRFC3339Time_inLegacyPosition() {
        let frame = ParsedFrame("<14>2024-12-04T16:30:00.123456+01:00 host01 sshd[77]: Accepted key")
        #expect(frame.header.format == .rfc3164)
        #expect(frame.header.timestamp == .at("2024-12-04T15:30:00.123456Z") && !frame.header.timeZoneAssumed)
        #expect(frame.hostname == "host01" && frame.appName == "sshd" && frame.procID == "77")
        #expect(frame.message == "Accepted key")
    }

    @Test func rfc3164_leavesHostnameNil_whenTokenAfterTimeIsTag() {
        let colon = ParsedFrame("<14>Dec  4 15:30:00 app: text")
        let bracket = ParsedFrame("<14>Dec  4 15:30:00 app[9] text")
        #expect(colon.hostname == nil && colon.appName == "app" && colon.message == "text")
        #expect(bracket.hostname == nil && bracket.appName == "app" && bracket.procID == "9")
        #expect(bracket.message == "text")
    }

    @Test func rfc3164_keepsIPv6Hostname_endingInDoubleColon() {
        let frame = ParsedFrame("<14>Dec  4 15:30:00 2001:db8:1:2:: app: text")
        #expect(frame.hostname == "2001:db8:1:2::" && frame.appName == "app" && frame.message == "text")
    }

    @Test func rfc3164_endsTagAtSpace_whenNoColon() {
        let frame = ParsedFrame("<14>Dec  4 15:30:00 host01 kernel message without colon")
        #expect(frame.appName == "kernel" && frame.message == "message without colon")
    }

    @Test func rfc3164_startsMessageAtBracket_whenPidIsNotClosed() {
        let frame = ParsedFrame("<14>Dec  4 15:30:00 host01 app[12 oops")
        #expect(frame.appName == "app" && frame.procID == nil && frame.message == "[12 oops")
    }

    @Test func rfc3164_readsJsonBody_rightAfterTime() {
        let frame = ParsedFrame(#"<14>Dec  4 15:30:00 {"EventID":5156}"#)
        #expect(frame.hostname == nil && frame.appName == nil && frame.message == #"{"EventID":5156}"#)
    }

    @Test func rfc3164_readsCiscoTime_withYearAndUnknownZone() {
        let frame = ParsedFrame("<189>12: .Mar  1 2024 10:00:00.5 CET: %LINK-3-UPDOWN: Interface up")
        #expect(frame.header.sequence == 12 && frame.header.clockUnsynchronized)
        #expect(frame.header.timestamp == .at("2024-03-01T10:00:00.5Z") && frame.header.timeZoneAssumed)
        #expect(frame.hostname == nil && frame.appName == "%LINK-3-UPDOWN" && frame.message == "Interface up")
    }

    @Test func rfc3164_keepsEverythingAfterPriority_whenTimeIsInvalid() {
        let frame = ParsedFrame("<14>Feb 30 15:30:00 host01 app: text")
        #expect(frame.header.format == .rfc3164 && frame.header.timestampSource == .receiver)
        #expect(frame.hostname == nil && frame.message == "Feb 30 15:30:00 host01 app: text")
    }

    @Test func rfc3164_dropsSequence_whenNoTimeFollows() {
        let frame = ParsedFrame("<189>83: %SYS-5-CONFIG_I: Configured")
        #expect(frame.header.sequence == nil && !frame.header.clockUnsynchronized)
        #expect(frame.message == "83: %SYS-5-CONFIG_I: Configured")
    }
}
