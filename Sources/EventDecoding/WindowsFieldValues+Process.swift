import WFPCore

extension WindowsFieldValues {
    /// A process from its path as Windows wrote it: `\device\harddiskvolume2\windows\...`
    /// loses the device part (`\windows\...`), `\??\C:\...` its NT prefix; drive paths stay.
    static func process(path: String?, pid: UInt32?) -> ProcessRef {
        guard var raw = present(path) else { return ProcessRef(pid: pid, image: "", path: "") }
        // Most paths are printable ASCII: cut and lower them on bytes, reusing `raw` when whole.
        let fast = raw.withUTF8 { buffer -> (path: String?, image: String)? in
            let bytes = UnsafeRawBufferPointer(buffer)
            let start = devicePrefixLength(bytes)
            let kept = UnsafeRawBufferPointer(rebasing: bytes[start...])
            guard PlainText.isPrintableASCII(kept) else { return nil }
            let separator = kept.lastIndex { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }
            let name = UnsafeRawBufferPointer(rebasing: kept[(separator.map { $0 + 1 } ?? 0)...])
            return (start == 0 ? nil : String(decoding: kept, as: UTF8.self), PlainText.lowercasedASCII(name))
        }
        if let fast { return ProcessRef(pid: pid, image: fast.image, path: fast.path ?? raw) }

        let cleaned = withoutDevicePrefix(raw).replacingControlCharacters
        let lastSeparator = cleaned.lastIndex { $0 == "\\" || $0 == "/" }
        let name = lastSeparator.map { cleaned[cleaned.index(after: $0)...] } ?? cleaned[...]
        return ProcessRef(pid: pid, image: name.lowercased(), path: cleaned)
    }

    /// How many leading bytes `withoutDevicePrefix` drops, on bytes.
    private static func devicePrefixLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        let ntPrefix: StaticString = #"\??\"#
        let device: StaticString = #"\device\"#
        if bytes.starts(with: UnsafeRawBufferPointer(start: ntPrefix.utf8Start, count: 4)) { return 4 }
        guard bytes.count > 8 else { return 0 }
        let head = UnsafeRawBufferPointer(rebasing: bytes[0..<8])
        guard PlainText.equalIgnoringCase(head, UnsafeRawBufferPointer(start: device.utf8Start, count: 8)) else {
            return 0
        }
        return bytes[8...].firstIndex(of: UInt8(ascii: "\\")) ?? 0
    }

    private static func withoutDevicePrefix(_ path: String) -> String {
        let utf8 = path.utf8
        if utf8.starts(with: #"\??\"#.utf8) { return String(path.dropFirst(4)) }
        guard utf8.count > 8, startsIgnoringCase(utf8, with: #"\device\"#) else { return path }

        let volumeStart = utf8.index(utf8.startIndex, offsetBy: 8)
        guard let slash = utf8[volumeStart...].firstIndex(of: UInt8(ascii: "\\")) else { return path }
        return String(path[slash...])
    }

    private static func startsIgnoringCase(_ text: String.UTF8View, with prefix: String) -> Bool {
        zip(text, prefix.utf8).allSatisfy { pair in
            let folded = pair.0 >= 0x41 && pair.0 <= 0x5A ? pair.0 | 0x20 : pair.0
            return folded == pair.1
        } && text.count >= prefix.utf8.count
    }

    /// Sysmon 22's QueryResults: `;`-separated entries, each an address (`::ffff:10.0.0.1`
    /// is the IPv4 address) or a record `type:  5 alias.example` (5 is CNAME); `-` is none.
    static func queryResults(_ text: String) -> (answers: [IPAddress], aliases: [String]) {
        var answers: [IPAddress] = []
        var aliases: [String] = []
        var copy = text
        copy.withUTF8 { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ";") {
                let entry = trimmed(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                if entry.isEmpty { continue }
                if let address = IPAddress(bytes: entry) {
                    answers.append(address)
                } else if let alias = cnameTarget(entry) {
                    aliases.append(alias)
                }
            }
        }
        return (answers, aliases)
    }

    /// The name in a `type:  5 name` entry; nil for other record types or other text.
    private static func cnameTarget(_ entry: UnsafeRawBufferPointer) -> String? {
        let prefix = "type:".utf8
        guard entry.count > prefix.count, entry.starts(with: prefix) else { return nil }
        let rest = trimmed(UnsafeRawBufferPointer(rebasing: entry[prefix.count...]))
        guard let space = rest.firstIndex(of: 0x20) else { return nil }
        guard decimal(String(decoding: rest[..<space], as: UTF8.self), maximum: 65535) == 5 else { return nil }
        let name = trimmed(UnsafeRawBufferPointer(rebasing: rest[space...]))
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }
}
