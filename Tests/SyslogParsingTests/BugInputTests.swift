import SyslogParsing
import Testing
import WFPCore

/// The header-level outcome of each case in shared/bug-inputs/CASES.md.
@Suite struct BugInputTests {
    @Test func case01_frameWithoutPriority_isUnstructuredWithReceiveTime() throws {
        let lines = try BugInput.lines("01")
        try #require(lines.count == 2)

        let first = ParsedFrame(lines[0])
        #expect(first.header.format == .unstructured)
        #expect(first.header.priority == 13 && !first.header.hasPriority)
        #expect(first.header.timestamp == .reference && first.header.timestampSource == .receiver)
        #expect(first.message == "2024-12-04 15:30:00 proxy01 GET /index.html 200")

        let second = ParsedFrame(lines[1])
        #expect(second.header.format == .rfc3164)
        #expect(second.hostname == "proxy01" && second.appName == "app")
        #expect(second.message == "second message")
        #expect(second.header.timestamp == .at("2024-12-04T15:30:01Z"))
    }

    @Test func case03_lineFramedLegacyFrame_hasHostAndTag() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("03").first))
        #expect(frame.hostname == "win01" && frame.appName == "nxlog")
        #expect(frame.message == "plain LF framed message")
    }

    @Test func case04_nulInsideMessage_isKept() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("04").first))
        #expect(frame.hostname == "host01" && frame.appName == "app")
        #expect(frame.message == "field1=a\u{0}field2=b")
    }

    @Test func case08_nilTimestamp_usesReceiveTime() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("08").first))
        #expect(frame.header.format == .rfc5424)
        #expect(frame.header.timestamp == .reference && frame.header.timestampSource == .receiver)
        #expect(frame.hostname == "sensor01" && frame.appName == "app")
        #expect(frame.procID == nil && frame.msgID == nil && frame.structuredData == nil)
        #expect(frame.message == "device without clock")
    }

    @Test func case09_ipv6HostnameEndingInDoubleColon_isKept() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("09").first))
        #expect(frame.hostname == "2001:db8:1:2::" && frame.appName == "app")
        #expect(frame.header.timestamp == .at("2024-12-04T15:30:00Z"))
        #expect(frame.message == "host ends with double colon")
    }

    @Test func case11_invalidUTF8Body_survivesAndIsDetected() throws {
        let lines = try BugInput.lines("11")
        try #require(lines.count == 2)
        let first = ParsedFrame(lines[0])
        #expect(first.header.priority == 189 && first.header.facility == 23 && first.header.severity == 5)
        #expect(first.hostname == "sw01" && first.appName == "TRAPMGR" && first.procID == "7")
        // E0 cannot start anything F0 can follow, F0 91 is an unfinished sequence: two U+FFFD.
        #expect(first.message == "chassis id HM~\u{FFFD}\u{FFFD} class 1")
        #expect(!first.bytes.withUnsafeBytes { SyslogText.isValidUTF8(first.header.message, in: $0) })

        let second = ParsedFrame(lines[1])
        #expect(second.message == "next message same connection")
        #expect(second.bytes.withUnsafeBytes { SyslogText.isValidUTF8(second.header.message, in: $0) })
    }

    @Test func case12_windows1252Byte_decodesAsCafeWhenAsked() throws {
        let frame = ParsedFrame(try BugInput.octetCountedBody("12"))
        #expect(frame.hostname == "win01" && frame.appName == "Service_Control_Manager")
        #expect(frame.procID == "7036" && frame.msgID == nil && frame.structuredData == nil)
        #expect(
            frame.text(frame.header.message, invalidBytes: .windows1252) == "service café entered the running state")
        #expect(frame.message == "service caf\u{FFFD} entered the running state")
    }

    @Test func case14_jsonBodyAfterHostname_isWholeMessageWithoutTag() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("14").first))
        #expect(frame.hostname == "win01" && frame.appName == nil)
        #expect(frame.message.hasPrefix("{\"EventID\":5156,") && frame.message.hasSuffix("\"Protocol\":\"6\"}"))
    }

    @Test func case15_snareTabAfterTag_startsMessageAfterTab() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("15").first))
        #expect(frame.hostname == "win01.example.test" && frame.appName == "MSWinEventLog")
        #expect(frame.message.hasPrefix("1\tSecurity\t4242\t") && frame.message.hasSuffix("\t77"))
    }

    @Test func case16_relayEscapedTabAfterTag_endsTag() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("16").first))
        #expect(frame.header.priority == 12)
        #expect(frame.hostname == "wsus01.example.test" && frame.appName == "MSWinEventLog")
        #expect(frame.message.hasPrefix("2#011Application#0117042#011"))
    }

    @Test func case18_ciscoSequenceUnsyncedClockAndZone_areRead() throws {
        let line = try #require(BugInput.lines("18").first)
        let frame = ParsedFrame(line, receivedAt: .at("2024-02-28T00:20:12Z"))
        #expect(frame.header.sequence == 83 && frame.header.clockUnsynchronized)
        #expect(frame.header.timestamp == .at("2024-02-28T00:20:10.663Z"))
        #expect(frame.header.timestampSource == .message && !frame.header.timeZoneAssumed)
        #expect(frame.hostname == nil && frame.appName == "%SYS-5-CONFIG_I")
        #expect(frame.message == "Configured from console by vty0")
    }

    @Test func case19_enDashForNilValue_keepsEvent() throws {
        let frame = ParsedFrame(try BugInput.octetCountedBody("19"))
        #expect(frame.header.format == .rfc5424 && frame.header.priority == 165)
        #expect(frame.header.timestamp == .at("2024-12-04T15:30:02.341842Z"))
        #expect(frame.hostname == "fwd01" && frame.appName == "logger")
        #expect(frame.procID == "\u{2013}" && frame.msgID == "\u{2013}" && frame.structuredData == nil)
        #expect(frame.message == "subsys=fw state=NEW proto=ICMP")
    }

    @Test func case21_bracketsAfterLegacyTag_stayInMessage() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("21").first))
        #expect(frame.appName == "app" && frame.structuredData == nil)
        #expect(frame.message == "[INFO] service started")
    }

    @Test func case22_multiLineDatagram_keepsCRLFAndTabs() throws {
        let frame = ParsedFrame(try BugInput.bytes("22"))
        #expect(frame.appName == "Microsoft-Windows-Security-Auditing" && frame.procID == "4")
        #expect(
            frame.message.utf8.elementsEqual(
                "An account failed to log on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-0-0\r\n\tAccount Name:\t\t-".utf8
            ))
    }

    @Test func case24_longDatagramBody_isWhole() throws {
        let frame = ParsedFrame(try BugInput.bytes("24"))
        #expect(frame.appName == "app" && frame.message.utf8.count == 4000)
    }

    @Test func case25_zonelessLegacyTime_readsInConfiguredZoneEvenInFuture() throws {
        let line = try #require(BugInput.lines("25").first)
        let parser = SyslogParser(timeZoneOffsetSeconds: 3600)
        let frame = ParsedFrame(line, parser: parser, receivedAt: .at("2024-12-04T09:00:00Z"))
        #expect(frame.header.timestamp == .at("2024-12-04T15:30:00+01:00"))
        #expect(frame.header.timeZoneAssumed && frame.header.timestampSource == .message)
        #expect(frame.message == "bsd timestamp without zone")
    }

    @Test func case26_lastSecondOfYearReceivedInNewYear_takesOldYear() throws {
        let line = try #require(BugInput.lines("26").first)
        let frame = ParsedFrame(line, receivedAt: .at("2025-01-01T00:00:03Z"))
        #expect(frame.header.timestamp == .at("2024-12-31T23:59:58Z"))
        #expect(frame.message == "last event of the year")
    }

    @Test func case29_relayHostnameAndWindowsTag_leaveJsonAsMessage() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("29").first))
        #expect(frame.hostname == "wec01.example.test")
        #expect(frame.appName == "Microsoft-Windows-Security-Auditing" && frame.procID == "4")
        #expect(frame.message.hasPrefix("{\"EventID\":5156,\"Computer\":\"ws042.example.test\""))
        #expect(frame.message.hasSuffix("}"))
    }

    @Test func case31_keyValueBodyAfterPriority_keepsEventWithReceiveTime() throws {
        let frame = ParsedFrame(try #require(BugInput.lines("31").first))
        #expect(frame.header.hasPriority && frame.header.priority == 189)
        #expect(frame.header.timestamp == .reference && frame.header.timestampSource == .receiver)
        #expect(frame.hostname == nil && frame.appName == nil)
        #expect(frame.message.hasPrefix("date=2024-12-04 time=15:30:00 devname=\"fw01\""))
    }
}
