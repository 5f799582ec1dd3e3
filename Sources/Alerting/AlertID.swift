import Detection
import EventDecoding
import WFPCore

/// A 128-bit content id for an alert, as 32 lower-case hex digits.
///
/// Two 64-bit FNV-1a hashes with different offset bases run over
/// `rule|host|image|destination|port|event time ns`, so the same finding of the same event
/// always gets the same id (a receiver can drop a duplicate delivered twice) while ids of
/// different alerts collide no more than 128-bit random ones would in practice.
package enum AlertID {
    private static let prime: UInt64 = 0x0000_0100_0000_01B3
    /// The standard FNV-1a 64-bit offset basis.
    private static let firstBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    /// A second basis (the first one's bits rotated and mixed), so the halves are independent.
    private static let secondBasis: UInt64 = 0x6C62_272E_07BB_0142

    package static func make(rule: String, event: NormalizedEvent) -> String {
        let connection = event.connection
        var input = rule + "|" + event.host + "|" + (connection?.process.image ?? "")
        input += "|" + (connection.map { $0.destinationAddress.description } ?? "")
        input += "|" + (connection.map { String($0.destinationPort) } ?? "")
        input += "|" + String(event.time.nanosecondsSinceEpoch)
        return hex(input)
    }

    /// The two hashes of `input`, each as 16 hex digits, first then second.
    package static func hex(_ input: String) -> String {
        var first = firstBasis, second = secondBasis
        for byte in input.utf8 {
            first = (first ^ UInt64(byte)) &* prime
            second = (second ^ UInt64(byte)) &* prime
        }
        return paddedHex(first) + paddedHex(second)
    }

    private static func paddedHex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
