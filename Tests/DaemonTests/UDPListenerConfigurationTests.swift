import Foundation
import Receiving
import Testing

@testable import Daemon

private func parseListeners(_ text: String) throws(ConfigurationError) -> [ListenerConfiguration] {
    try WFPWatchConfiguration.parse(text, file: "test.yaml", baseDirectory: NSTemporaryDirectory()).listeners
}

private func udpListenerRejection(_ text: String) -> String? {
    do {
        _ = try parseListeners(text)
        return nil
    } catch {
        return error.description
    }
}

@Test func udpListenerConfiguration_readsQueueBytesAndDecodeThreads() throws {
    let listeners = try parseListeners(
        "listeners:\n  - transport: udp\n    queue_bytes: 8_388_608\n    decode_threads: 3\n  - transport: tcp\n")

    #expect(listeners[0].queueBytes == 8_388_608)
    #expect(listeners[0].decodeThreads == 3)
    #expect(listeners[1].queueBytes == ListenerConfiguration.defaultQueueBytes)
    #expect(listeners[1].decodeThreads == 0)
}

@Test func udpListenerConfiguration_defaultsToQueueSizedForABurst_andOneThreadPerProcessor() throws {
    let listener = try #require(try parseListeners("listeners:\n  - transport: udp\n").first)

    #expect(listener.queueBytes == 128 * 1024 * 1024)
    #expect(listener.decodeThreads == 0)
}

@Test func udpListenerConfiguration_rejectsQueueKeys_withFileLineAndKey() {
    #expect(udpListenerRejection("listeners:\n  - transport: udp\n    queue_bytes: 1000\n")
        == "test.yaml:3: listeners[0].queue_bytes: 1000 is out of range (allowed 1048576...17179869184)")
    #expect(udpListenerRejection("listeners:\n  - transport: udp\n    queue_bytes: lots\n")
        == "test.yaml:3: listeners[0].queue_bytes: 'lots' is not a whole number (allowed 1048576...17179869184)")
    #expect(udpListenerRejection("listeners:\n  - transport: udp\n    decode_threads: 0\n")
        == "test.yaml:3: listeners[0].decode_threads: 0 is out of range (allowed 1...256)")
    #expect(udpListenerRejection("listeners:\n  - transport: tcp\n    queue_bytes: 8388608\n")
        == "test.yaml:3: listeners[0].queue_bytes: is valid only with transport: udp")
    #expect(udpListenerRejection("listeners:\n  - transport: tls\n    decode_threads: 2\n")
        == "test.yaml:3: listeners[0].decode_threads: is valid only with transport: udp")
}
