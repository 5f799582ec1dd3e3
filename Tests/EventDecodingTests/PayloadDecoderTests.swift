import Foundation
import Testing
import WFPCore
@testable import EventDecoding

/// Splits a `<PRI>Mmm dd hh:mm:ss HOST BODY\n` bug input the way an RFC 3164 parser would.
private func decodeBugInput(_ number: String, headerTime: Timestamp) throws -> DecodeOutcome {
    let bytes = try DecodingFixtures.bugInput(number)
    let hostStart = 20
    let hostEnd = try #require(bytes[hostStart...].firstIndex(of: 0x20))
    let body = try #require(bytes.firstIndex(of: UInt8(ascii: "{")))
    let end = bytes.last == 0x0A ? bytes.count - 1 : bytes.count
    return DecodingFixtures.decode(
        frame: bytes, hostname: hostStart..<hostEnd, headerTime: headerTime, message: body..<end)
}

@Test func payloadDecoder_bugInput14_minimalJSONWithoutTag() throws {
    let headerTime = DecodingFixtures.time("2024-12-04T15:30:00Z")
    let event = try #require(DecodingFixtures.event(try decodeBugInput("14", headerTime: headerTime)))
    let connection = try #require(event.connection)
    #expect(event.eventID == 5156)
    #expect(event.host == "win01")
    #expect(event.relay == nil)
    #expect(event.time == headerTime)
    #expect(event.timeSource == .syslogHeader)
    #expect(event.format == .flatJSON)
    #expect(connection.direction == .inbound)
    #expect(connection.sourceAddress == IPAddress("192.0.2.10"))
    #expect(connection.sourcePort == 50123)
    #expect(connection.destinationAddress == IPAddress("198.51.100.7"))
    #expect(connection.destinationPort == 443)
    #expect(connection.protocolNumber == 6)
    #expect(connection.process == ProcessRef(pid: nil, image: "", path: ""))
}

@Test func payloadDecoder_bugInput29_keepsOriginHostAndRelay() throws {
    let event = try #require(
        DecodingFixtures.event(try decodeBugInput("29", headerTime: DecodingFixtures.time("2024-12-04T15:30:00Z"))))
    #expect(event.host == "ws042.example.test")
    #expect(event.relay == "wec01.example.test")
    #expect(event.connection?.destinationAddress == IPAddress("198.51.100.7"))
    #expect(event.connection?.sourcePort == 0)
}

@Test func payloadDecoder_withoutHeaderTimeUsesReceiveTime() throws {
    let event = try #require(DecodingFixtures.event(DecodingFixtures.decode(
        #"{"EventID":5156,"SourceAddress":"192.0.2.1","DestAddress":"192.0.2.2","DestPort":"25"}"#)))
    #expect(event.time == DecodingFixtures.receivedAt)
    #expect(event.timeSource == .receiver)
    #expect(event.host == "")
}

@Test func payloadDecoder_skipsWhatIsNotAWindowsEvent() {
    for body in ["", "   ", "hello world", "[1,2,3]", "2024-12-04 15:30:00 proxy01 GET /index.html 200"] {
        guard case .skipped(.notWindowsEvent) = DecodingFixtures.decode(body) else {
            Issue.record("\(body) was not skipped as notWindowsEvent")
            continue
        }
    }
    guard case .skipped(.notWindowsEvent) = DecodingFixtures.decode(#"{"level":"info","msg":"started"}"#) else {
        Issue.record("JSON without EventID must be skipped")
        return
    }
}

@Test func payloadDecoder_reportsMalformedJSON() {
    for body in [#"{"EventID":5156"#, #"{"EventID":5156,}"#, #"{"EventID":51x56}"#, #"{"a":"\q"}"#, "{} trailing"] {
        #expect(DecodingFixtures.failure(DecodingFixtures.decode(body))?.reason == .malformedJSON, "\(body)")
    }
}

@Test func payloadDecoder_reportsBrokenFormatsByReason() {
    let cases: [(String, DecodeFailure.Reason)] = [
        (#"<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System"#, .malformedXML),
        (#"<?xml version="1.0"?><Evt/>"#, .malformedXML),
        ("MSWinEventLog\tone\tSecurity\t4242", .malformedSnare),
    ]
    for (body, reason) in cases {
        #expect(DecodingFixtures.failure(DecodingFixtures.decode(body))?.reason == reason, "\(body)")
    }
}
