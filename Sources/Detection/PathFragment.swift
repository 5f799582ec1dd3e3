/// A lower-case Windows path fragment such as `\users\*\downloads\`, found anywhere in a path.
///
/// `*` stands for exactly one non-empty path segment (no backslash). Matching compares bytes,
/// folding ASCII upper case to lower case and `/` to `\`, so `C:\Users\Bob\Downloads\x.exe`
/// and `\users\bob\downloads\x.exe` both match without building a lower-cased copy.
package struct PathFragment: Sendable, Equatable {
    /// The fragment as configured.
    package let text: String
    /// The fragment's bytes, folded.
    let pattern: [UInt8]

    private static let backslash = UInt8(ascii: "\\")
    static let star = UInt8(ascii: "*")

    package init(_ text: String) {
        self.text = text
        self.pattern = text.utf8.map(PathFragment.fold)
    }

    /// True when the fragment occurs somewhere in `path`.
    package func matches(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            pattern.withUnsafeBufferPointer { pattern in
                bytes.indices.contains { start in
                    Self.matches(pattern, in: bytes, at: start, firstByte: Self.fold(bytes[start]))
                }
            }
        }
    }

    /// True when the folded `pattern` occurs in `path` starting at byte `start`, whose folded
    /// value is `firstByte`. An empty pattern matches nothing.
    static func matches(
        _ pattern: UnsafeBufferPointer<UInt8>, in path: UnsafeBufferPointer<UInt8>, at start: Int, firstByte: UInt8
    ) -> Bool {
        // A first byte that cannot match skips the walk; each pattern byte, `*` included, takes
        // at least one path byte.
        guard let first = pattern.first, first == firstByte || first == star else { return false }
        guard path.count - start >= pattern.count else { return false }
        return match(pattern, 0, path, start)
    }

    private static func match(
        _ pattern: UnsafeBufferPointer<UInt8>, _ patternIndex: Int,
        _ path: UnsafeBufferPointer<UInt8>, _ pathIndex: Int
    ) -> Bool {
        var p = patternIndex, s = pathIndex
        while p < pattern.count {
            if pattern[p] == star { return matchSegment(pattern, p + 1, path, s) }
            guard s < path.count, fold(path[s]) == pattern[p] else { return false }
            p += 1
            s += 1
        }
        return true
    }

    /// Tries every non-empty segment length for a `*`, then the rest of the pattern.
    private static func matchSegment(
        _ pattern: UnsafeBufferPointer<UInt8>, _ patternIndex: Int,
        _ path: UnsafeBufferPointer<UInt8>, _ pathIndex: Int
    ) -> Bool {
        var end = pathIndex
        while end < path.count && fold(path[end]) != backslash {
            end += 1
            if match(pattern, patternIndex, path, end) { return true }
        }
        return false
    }

    static func fold(_ byte: UInt8) -> UInt8 {
        if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { return byte | 0x20 }
        if byte == UInt8(ascii: "/") { return backslash }
        return byte
    }
}
