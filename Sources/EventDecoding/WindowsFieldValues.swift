import WFPCore

/// Reads the values of Windows event fields as the various producers spell them: PIDs in
/// decimal or `0x` hex, `%%14593` or `Outbound`, `6` or `tcp`, device paths, Sysmon's
/// `QueryResults`. Each reader names the field in its failure.
enum WindowsFieldValues {
    static func eventID(_ fields: EventFields) throws(DecodeFailure) -> UInt32 {
        guard let text = fields[.eventID] else { throw DecodeFailure(.missingField, FieldName.eventID.canonicalKey) }
        guard let value = decimal(text, maximum: UInt64(UInt32.max)) else {
            throw DecodeFailure(.invalidNumber, "EventID \(text.prefix(32))")
        }
        return UInt32(value)
    }

    /// The value unless it is empty or Windows' `-` placeholder.
    static func present(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value != "-" else { return nil }
        return value
    }

    static func containsSysmon(_ value: String?) -> Bool {
        guard var value, value.utf8.count >= 6 else { return false }
        // Byte comparison with ASCII case folding: this runs for every event with ID 1, 3, 5 or 22.
        return value.withUTF8 { bytes in
            let needle: [UInt8] = Array("sysmon".utf8)
            for start in 0...(bytes.count - needle.count) {
                var index = 0
                while index < needle.count && bytes[start + index] | 0x20 == needle[index] { index += 1 }
                if index == needle.count { return true }
            }
            return false
        }
    }

    // MARK: Numbers

    /// A PID in decimal (`6008`) or hex (`0xf60`, as 4688 writes them); nil when absent.
    static func processID(_ fields: EventFields, _ name: FieldName) throws(DecodeFailure) -> UInt32? {
        guard let text = present(fields[name]) else { return nil }
        let value: UInt64?
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            value = UInt64(text.dropFirst(2), radix: 16).flatMap { $0 <= UInt32.max ? $0 : nil }
        } else {
            value = decimal(text, maximum: UInt64(UInt32.max))
        }
        guard let value else { throw DecodeFailure(.invalidNumber, "\(name.canonicalKey) \(text.prefix(32))") }
        return UInt32(value)
    }

    static func port(_ fields: EventFields, _ name: FieldName) throws(DecodeFailure) -> UInt16? {
        guard let text = present(fields[name]) else { return nil }
        guard let value = decimal(text, maximum: UInt64(UInt16.max)) else {
            throw DecodeFailure(.invalidNumber, "\(name.canonicalKey) \(text.prefix(32)) over 65535 or not a number")
        }
        return UInt16(value)
    }

    /// An IANA protocol number, or the name Sysmon and text formats use instead.
    static func protocolNumber(_ fields: EventFields) throws(DecodeFailure) -> UInt8? {
        guard let text = present(fields[.protocolNumber]) else { return nil }
        if let value = decimal(text, maximum: 255) { return UInt8(value) }
        guard let number = IPProtocol.number(text) else {
            throw DecodeFailure(.invalidNumber, "Protocol \(text.prefix(32))")
        }
        return number
    }

    /// Plain decimal digits with an upper bound; nil for anything else.
    static func decimal(_ text: String, maximum: UInt64) -> UInt64? {
        // Read in place: walking `utf8` costs more than the digits themselves.
        let inPlace = text.utf8.withContiguousStorageIfAvailable {
            decimal(UnsafeRawBufferPointer($0), maximum: maximum)
        }
        return inPlace ?? Array(text.utf8).withUnsafeBytes { decimal($0, maximum: maximum) }
    }

    /// `decimal` on bytes.
    static func decimal(_ bytes: UnsafeRawBufferPointer, maximum: UInt64) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39, digits < 20 else { return nil }
            value = value &* 10 &+ UInt64(byte - 0x30)
            digits += 1
            guard value <= maximum else { return nil }
        }
        return digits > 0 ? value : nil
    }

    // MARK: Addresses, directions, times

    static func address(_ fields: EventFields, _ name: FieldName) throws(DecodeFailure) -> IPAddress {
        guard let text = present(fields[name]) else { throw DecodeFailure(.missingField, name.canonicalKey) }
        guard let address = IPAddress(text) else {
            throw DecodeFailure(.invalidAddress, "\(name.canonicalKey) \(text.prefix(64))")
        }
        return address
    }

    /// 5156's Direction: the message-table ids `%%14593` / `%%14592` or their rendered words.
    static func direction(_ text: String?) -> Direction {
        guard let text else { return .unknown }
        if PlainText.equalIgnoringCase(text, "%%14593") || PlainText.equalIgnoringCase(text, "outbound") {
            return .outbound
        }
        if PlainText.equalIgnoringCase(text, "%%14592") || PlainText.equalIgnoringCase(text, "inbound") {
            return .inbound
        }
        return .unknown
    }

    /// Sysmon 3's Initiated: the process opened the connection.
    static func initiatedDirection(_ text: String?) -> Direction {
        guard let text else { return .unknown }
        if PlainText.equalIgnoringCase(text, "true") || text == "1" { return .outbound }
        if PlainText.equalIgnoringCase(text, "false") || text == "0" { return .inbound }
        return .unknown
    }

    static func dateTime(_ text: String, defaultOffsetSeconds: Int) -> DateTimeText.Parsed? {
        var copy = text
        return copy.withUTF8 { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            guard let parsed = DateTimeText.parse(bytes, defaultOffsetSeconds: defaultOffsetSeconds) else { return nil }
            // Nothing but spaces may follow the time.
            for index in parsed.length..<bytes.count where bytes[index] != 0x20 { return nil }
            return parsed
        }
    }
}
