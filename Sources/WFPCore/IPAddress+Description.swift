extension IPAddress: CustomStringConvertible {
    /// RFC 5952 text: lower-case hex without leading zeros, the longest run of two or more zero
    /// groups (the first on a tie) written `::`. IPv4 and IPv4-mapped addresses print as dotted IPv4.
    public var description: String {
        if let value = ipv4 {
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        }
        let groups = (0..<8).map { index -> UInt16 in
            let half = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> (48 - 16 * UInt64(index % 4)))
        }
        let run = IPAddress.longestZeroRun(groups)

        var text = ""
        var index = 0
        while index < 8 {
            if let run, index == run.lowerBound {
                text += "::"
                index = run.upperBound
                continue
            }
            if !text.isEmpty && !text.hasSuffix(":") { text += ":" }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }

    private static func longestZeroRun(_ groups: [UInt16]) -> Range<Int>? {
        var best: Range<Int>?
        var start: Int?
        for index in 0...8 {
            if index < 8 && groups[index] == 0 {
                if start == nil { start = index }
                continue
            }
            if let runStart = start, index - runStart >= 2, index - runStart > (best?.count ?? 0) {
                best = runStart..<index
            }
            start = nil
        }
        return best
    }
}
