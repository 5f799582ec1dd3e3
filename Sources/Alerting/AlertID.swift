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
    package static func make(rule: String, event: NormalizedEvent) -> String {
        // The parts are fed to the hashes one after the other: the joined text is never built.
        let connection = event.connection
        var hashes = Hashes()
        hashes.add(rule)
        hashes.add(separator)
        hashes.add(event.host)
        hashes.add(separator)
        hashes.add(connection?.process.image ?? "")
        hashes.add(separator)
        if let connection { hashes.add(connection.destinationAddress.description) }
        hashes.add(separator)
        if let connection { hashes.addDecimal(Int64(connection.destinationPort)) }
        hashes.add(separator)
        hashes.addDecimal(event.time.nanosecondsSinceEpoch)
        return hashes.hex
    }

    /// The two hashes of `input`, each as 16 hex digits, first then second.
    package static func hex(_ input: String) -> String {
        var hashes = Hashes()
        hashes.add(input)
        return hashes.hex
    }

    private static let separator = UInt8(ascii: "|")

    /// The two FNV-1a states, fed byte by byte.
    private struct Hashes {
        private static let prime: UInt64 = 0x0000_0100_0000_01B3
        /// The standard FNV-1a 64-bit offset basis.
        private static let firstBasis: UInt64 = 0xCBF2_9CE4_8422_2325
        /// A second basis (the first one's bits rotated and mixed), so the halves are independent.
        private static let secondBasis: UInt64 = 0x6C62_272E_07BB_0142

        private var first = firstBasis
        private var second = secondBasis

        mutating func add(_ byte: UInt8) {
            first = (first ^ UInt64(byte)) &* Self.prime
            second = (second ^ UInt64(byte)) &* Self.prime
        }

        mutating func add(_ text: String) {
            for byte in text.utf8 { add(byte) }
        }

        /// `value` in decimal, as `String(value)` spells it.
        mutating func addDecimal(_ value: Int64) {
            if value < 0 { add(UInt8(ascii: "-")) }
            let magnitude = value.magnitude
            var divisor: UInt64 = 1
            while divisor <= magnitude / 10 { divisor *= 10 }
            while divisor > 0 {
                add(UInt8(ascii: "0") + UInt8((magnitude / divisor) % 10))
                divisor /= 10
            }
        }

        /// Both hashes, each as 16 zero-padded lower-case hex digits.
        var hex: String {
            String(unsafeUninitializedCapacity: 32) { buffer in
                Self.writeHex(first, into: buffer, at: 0)
                Self.writeHex(second, into: buffer, at: 16)
                return 32
            }
        }

        private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
            for digit in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * digit)) & 0xF
                buffer[offset + digit] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
        }
    }
}
