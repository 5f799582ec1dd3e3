import Testing
@testable import EventDecoding

// `PayloadDecoder` hands the syslog hostname to the normalizer as the frame's bytes; every pair
// of names must give the host and relay the string form gives.

private let computers: [String?] = [
    nil, "", "ws042", "WS042.example.test", "ws042.other.test", "ws043", "-", "wks\u{1}01", "ПК-01", "pc-ü",
]
private let syslogHostnames: [String] = [
    "", "-", "ws042", "WS042", "ws042.example.test", "ws042.other.test", "wec01.example.test", "wks\u{1}01",
    "ПК-01", "пк-01.example.test", "a-very-long-relay-host-name.example.test",
]

@Test func hostAndRelay_fromFrameBytes_answersAsFromStrings() {
    for computer in computers {
        for syslogHostname in syslogHostnames {
            var bytes = syslogHostname
            let fromBytes = bytes.withUTF8 {
                WindowsEventNormalizer.hostAndRelay(computer: computer, syslogHostname: UnsafeRawBufferPointer($0))
            }
            let fromString = WindowsEventNormalizer.hostAndRelay(
                computer: computer, syslogHostname: syslogHostname.isEmpty ? nil : syslogHostname)
            #expect(fromBytes == fromString, "computer \(String(describing: computer)), syslog \(syslogHostname)")
        }
    }
}

@Test func hostAndRelay_fromFrameBytes_keepsARelayThatIsAnotherMachine() {
    var relay = "wec01.example.test"
    let answer = relay.withUTF8 {
        WindowsEventNormalizer.hostAndRelay(computer: "ws042", syslogHostname: UnsafeRawBufferPointer($0))
    }
    #expect(answer == ("ws042", "wec01.example.test"))
}
