/// The configured path fragments of `suspicious_process`, matched in one pass over a path.
///
/// The rule reports the first fragment in configuration order that occurs anywhere in the path.
/// Instead of scanning the path once per fragment, the list walks the path once and, at each
/// byte that can start a fragment, tries the fragments listed before the best match so far.
struct PathFragmentList: Sendable {
    let fragments: [PathFragment]
    /// Every fragment's folded bytes, one after the other, and where each one lies: the scan
    /// reads them without touching a reference count.
    private let patternBytes: [UInt8]
    private let patternRanges: [Range<Int>]
    /// Folded byte → whether some fragment can start with it (all bytes when one starts with `*`).
    private let startBytes: [Bool]
    /// Each fragment's second folded byte, compared before the fragment is tried; `*` for a
    /// fragment that has a `*` there or is one byte long, which is always tried.
    private let secondBytes: [UInt8]

    init(_ fragments: [PathFragment]) {
        self.fragments = fragments
        var patternBytes: [UInt8] = []
        var patternRanges: [Range<Int>] = []
        var startBytes = [Bool](repeating: false, count: 256)
        var secondBytes: [UInt8] = []
        for fragment in fragments {
            let start = patternBytes.count
            patternBytes += fragment.pattern
            patternRanges.append(start..<patternBytes.count)
            secondBytes.append(fragment.pattern.count > 1 ? fragment.pattern[1] : PathFragment.star)
            guard let first = fragment.pattern.first else { continue }
            if first == PathFragment.star { startBytes = [Bool](repeating: true, count: 256) }
            startBytes[Int(first)] = true
        }
        self.patternBytes = patternBytes
        self.patternRanges = patternRanges
        self.startBytes = startBytes
        self.secondBytes = secondBytes
    }

    /// The first fragment, in configuration order, that occurs in `path`; nil when none does.
    func firstMatch(in path: String) -> PathFragment? {
        guard !fragments.isEmpty else { return nil }
        var path = path
        let index = path.withUTF8 { path in
            patternBytes.withUnsafeBufferPointer { patterns in
                startBytes.withUnsafeBufferPointer { startBytes in
                    firstMatchIndex(path, patterns: patterns, startBytes: startBytes)
                }
            }
        }
        return index.map { fragments[$0] }
    }

    private func firstMatchIndex(
        _ path: UnsafeBufferPointer<UInt8>, patterns: UnsafeBufferPointer<UInt8>, startBytes: UnsafeBufferPointer<Bool>
    ) -> Int? {
        // Fragments at or after `best` need not be tried: an earlier-listed match wins.
        var best = patternRanges.count
        var start = 0
        while start < path.count && best > 0 {
            let byte = PathFragment.fold(path[start])
            if startBytes[Int(byte)] {
                // Most fragments that start here part at the next byte: it is folded once.
                let next = start + 1 < path.count ? PathFragment.fold(path[start + 1]) : PathFragment.star
                var index = 0
                while index < best {
                    let second = secondBytes[index]
                    if second == next || second == PathFragment.star || next == PathFragment.star {
                        let pattern = UnsafeBufferPointer(rebasing: patterns[patternRanges[index]])
                        if PathFragment.matches(pattern, in: path, at: start, firstByte: byte) { best = index }
                    }
                    index += 1
                }
            }
            start += 1
        }
        return best < patternRanges.count ? best : nil
    }
}
