import SyslogParsing
import Testing
import WFPCore

@Suite struct RFC5424Tests {
    @Test func rfc5424_readsEveryField_whenAllPresent() {
        let frame = ParsedFrame(
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 "
                + "iut=\"3\" eventSource=\"Application\"] An application event log entry")
        #expect(frame.header.format == .rfc5424 && frame.header.priority == 165)
        #expect(frame.header.timestamp == .at("2003-10-11T22:14:15.003Z"))
        #expect(frame.header.timestampSource == .message && !frame.header.timeZoneAssumed)
        #expect(frame.hostname == "mymachine.example.com" && frame.appName == "evntslog")
        #expect(frame.procID == "1234" && frame.msgID == "ID47")
        #expect(frame.structuredData == "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\"]")
        #expect(frame.message == "An application event log entry")
    }

    @Test func rfc5424_treatsDashAsAbsent_inEveryField() {
        let frame = ParsedFrame("<13>1 - - - - - -")
        #expect(frame.header.format == .rfc5424 && frame.header.timestampSource == .receiver)
        #expect(frame.hostname == nil && frame.appName == nil && frame.procID == nil)
        #expect(frame.msgID == nil && frame.structuredData == nil && frame.message == "")
    }

    @Test func rfc5424_keepsEscapedQuoteBackslashAndBracket_insideSDValue() {
        let sd = #"[origin x="a \"q\" b \\ c \] d"]"#
        let frame = ParsedFrame("<14>1 2024-12-04T15:30:00Z h a - - \(sd) after")
        #expect(frame.structuredData == sd)
        #expect(frame.message == "after")
    }

    @Test func rfc5424_readsConsecutiveSDElements_asOneRange() {
        let sd = #"[a@1 k="v"][b@2 k="]"][c@3]"#
        let frame = ParsedFrame("<14>1 2024-12-04T15:30:00Z h a - - \(sd) msg [not sd]")
        #expect(frame.structuredData == sd)
        #expect(frame.message == "msg [not sd]")
    }

    @Test func rfc5424_startsMessageAtBracket_whenSDIsNotClosed() {
        let frame = ParsedFrame(#"<14>1 2024-12-04T15:30:00Z h a - - [a@1 k="v] tail"#)
        #expect(frame.structuredData == nil)
        #expect(frame.message == #"[a@1 k="v] tail"#)
    }

    @Test func rfc5424_skipsByteOrderMark_beforeMessage() {
        let bytes = Array("<14>1 2024-12-04T15:30:00Z h a - - - ".utf8) + [0xEF, 0xBB, 0xBF] + Array("héllo".utf8)
        let frame = ParsedFrame(bytes)
        #expect(frame.message == "héllo")
    }

    @Test(arguments: 1...9)
    func rfc5424_readsFraction_ofAnyDigitCount(digits: Int) {
        let fraction = String("123456789".prefix(digits))
        let frame = ParsedFrame("<14>1 2024-12-04T15:30:00.\(fraction)Z h a - - - m")
        let nanoseconds = Int64(fraction + String(repeating: "0", count: 9 - digits))!
        #expect(frame.header.timestamp == Timestamp.at("2024-12-04T15:30:00Z") + .nanoseconds(nanoseconds))
        #expect(frame.message == "m")
    }

    @Test func rfc5424_appliesOffset_whenTimestampHasOne() {
        let east = ParsedFrame("<14>1 2024-12-04T16:30:00+01:00 h a - - - m")
        let west = ParsedFrame("<14>1 2024-12-04T10:00:00.5-05:30 h a - - - m")
        #expect(east.header.timestamp == .at("2024-12-04T15:30:00Z"))
        #expect(west.header.timestamp == .at("2024-12-04T15:30:00.5Z"))
        #expect(!east.header.timeZoneAssumed && !west.header.timeZoneAssumed)
    }

    @Test func rfc5424_readsZonelessTime_inConfiguredZone() {
        let parser = SyslogParser(timeZoneOffsetSeconds: -3600)
        let frame = ParsedFrame("<14>1 2024-12-04T14:30:00 h a - - - m", parser: parser)
        #expect(frame.header.timestamp == .at("2024-12-04T15:30:00Z") && frame.header.timeZoneAssumed)
    }

    @Test func rfc5424_fallsBackToReceiveTime_whenTimestampIsUnreadable() {
        let frame = ParsedFrame("<14>1 2024-13-04T15:30:00Z h a - - - m")
        #expect(frame.header.timestamp == .reference && frame.header.timestampSource == .receiver)
        #expect(frame.hostname == "h" && frame.message == "m")
    }

    @Test(arguments: ["::1", "fe80::1%eth0", "2001:db8::", "2001:db8:0:0:0:0:0:1"])
    func rfc5424_keepsIPv6Hostname(host: String) {
        let frame = ParsedFrame("<14>1 2024-12-04T15:30:00Z \(host) app - - - m")
        #expect(frame.hostname == host && frame.appName == "app" && frame.message == "m")
    }

    @Test func rfc5424_dropsTrailingLineTerminators_fromMessage() {
        let frame = ParsedFrame("<14>1 - h a - - - line one\nline two\r\n")
        #expect(frame.message == "line one\nline two")
    }
}
