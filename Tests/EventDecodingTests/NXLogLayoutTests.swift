import Testing
import WFPCore
@testable import EventDecoding

/// NXLog CE `to_json`: its own `ProcessID` (the writer, 4, a number) takes the place of the
/// event's, so the application PID is only in the rendered message.
private let nxlogCommunityEdition5156 = #"""
{"EventTime":"2024-02-10 09:00:05","Hostname":"WS7.corp.example","Keywords":-9214364837600034816,"EventType":"AUDIT_SUCCESS","SeverityValue":2,"Severity":"INFO","EventID":5156,"SourceName":"Microsoft-Windows-Security-Auditing","ProviderGuid":"{54849625-5478-4994-A5BA-3E3B0328C30D}","Version":1,"Task":12810,"OpcodeValue":0,"RecordNumber":99120,"ProcessID":4,"ThreadID":7012,"Channel":"Security","Message":"The Windows Filtering Platform has permitted a connection.\r\n\r\nApplication Information:\r\n\tProcess ID:\t\t4242\r\n\tApplication Name:\t\\device\\harddiskvolume4\\windows\\system32\\rundll32.exe\r\n\r\nNetwork Information:\r\n\tDirection:\t\tOutbound","Category":"Filtering Platform Connection","Opcode":"Info","Application":"\\device\\harddiskvolume4\\windows\\system32\\rundll32.exe","Direction":"%%14593","SourceAddress":"10.20.30.40","SourcePort":"50001","DestAddress":"203.0.113.9","DestPort":"8443","Protocol":"6","FilterRTID":"70000","LayerName":"%%14611","LayerRTID":"48","EventReceivedTime":"2024-02-10 09:00:06","SourceModuleName":"eventlog","SourceModuleType":"im_msvistalog"}
"""#

@Test func nxlogCommunityEdition_readsApplicationPIDFromMessage() throws {
    let event = try #require(DecodingFixtures.event(DecodingFixtures.decode(nxlogCommunityEdition5156)))
    let connection = try #require(event.connection)
    #expect(event.format == .nxlogJSON)
    #expect(connection.process.pid == 4242)
    #expect(connection.process.image == "rundll32.exe")
    #expect(connection.destinationPort == 8443)
    #expect(event.time == DecodingFixtures.time("2024-02-10T09:00:05Z"))
    #expect(event.timeSource == .eventAssumedZone)
}

@Test func nxlogCommunityEdition_withoutMessageLeavesPIDUnknown() throws {
    let withoutMessage = nxlogCommunityEdition5156.replacingOccurrences(of: #""Message":"#, with: #""Text":"#)
    let connection = try #require(DecodingFixtures.event(DecodingFixtures.decode(withoutMessage))?.connection)
    #expect(connection.process.pid == nil)
}

@Test func nxlogLayout_writerPIDNeverBecomesTheApplicationPID() throws {
    // The 2020 layout names the writer ExecutionProcessID; a numeric ProcessID is a writer too.
    let line = #"{"EventID":5156,"Hostname":"h","ProcessID":4,"ExecutionProcessID":4,"#
        + #""SourceAddress":"10.0.0.1","DestAddress":"10.0.0.2","DestPort":"53","Protocol":"17"}"#
    let connection = try #require(DecodingFixtures.event(DecodingFixtures.decode(line))?.connection)
    #expect(connection.process.pid == nil)
    #expect(connection.protocolNumber == 17)
}
