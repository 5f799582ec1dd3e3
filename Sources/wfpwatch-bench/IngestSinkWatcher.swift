import Foundation

/// Follows a receiver's output file as it grows: counts its lines and notes when each probe
/// (`bench-probe-<id>`) first shows up. Reads only the new bytes on each look.
final class IngestSinkWatcher {
    private let path: String
    private var descriptor: Int32 = -1
    private var carry: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private(set) var lines = 0
    private(set) var probeSeenAt: [Int: Double] = [:]
    private(set) var lastGrowth = monotonicSeconds()

    /// Starts after what the file holds now (it may not exist yet).
    init(path: String) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        if descriptor >= 0 { lseek(descriptor, 0, SEEK_END) }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Looks until `done` holds, or `timeoutSeconds` pass, or nothing new came for
    /// `idleSeconds` after `quietFrom` (the end of sending); true when `done` held.
    func wait(
        timeoutSeconds: Double, idleSeconds: Double, quietFrom: () -> Double?, done: (IngestSinkWatcher) -> Bool
    ) -> Bool {
        let deadline = monotonicSeconds() + timeoutSeconds
        while monotonicSeconds() < deadline {
            let grew = readNew()
            if done(self) { return true }
            if let quiet = quietFrom(), monotonicSeconds() - max(quiet, lastGrowth) > idleSeconds { return false }
            if !grew { usleep(2000) }
        }
        return false
    }

    /// Reads what was appended since the last look; true when anything was.
    private func readNew() -> Bool {
        if descriptor < 0 {
            descriptor = open(path, O_RDONLY)
            if descriptor < 0 { return false }
        }
        var any = false
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            guard count > 0 else { break }
            any = true
            scan(count)
        }
        if any { lastGrowth = monotonicSeconds() }
        return any
    }

    private func scan(_ count: Int) {
        let now = monotonicSeconds()
        chunk.withUnsafeBytes { buffer in
            var start = 0
            while start < count {
                guard let found = memchr(buffer.baseAddress! + start, 10, count - start) else {
                    carry.append(contentsOf: buffer[start..<count])
                    return
                }
                let end = buffer.baseAddress!.distance(to: UnsafeRawPointer(found))
                lines += 1
                if carry.isEmpty {
                    noteProbe(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), at: now)
                } else {
                    carry.append(contentsOf: buffer[start..<end])
                    carry.withUnsafeBytes { noteProbe($0, at: now) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = end + 1
            }
        }
    }

    private func noteProbe(_ line: UnsafeRawBufferPointer, at now: Double) {
        let marker = IngestStream.probeMarker
        guard line.count > marker.count, var index = Self.firstIndex(of: marker, in: line) else { return }
        index += marker.count
        var id = 0
        while index < line.count, line[index] >= 48, line[index] <= 57 {
            id = id * 10 + Int(line[index] - 48)
            index += 1
        }
        if probeSeenAt[id] == nil { probeSeenAt[id] = now }
    }

    /// Where `needle` first starts in `line`, found by memchr on its first byte.
    private static func firstIndex(of needle: [UInt8], in line: UnsafeRawBufferPointer) -> Int? {
        var start = 0
        while start + needle.count <= line.count {
            let remaining = line.count - start
            guard let found = memchr(line.baseAddress! + start, Int32(needle[0]), remaining) else { return nil }
            let index = line.baseAddress!.distance(to: UnsafeRawPointer(found))
            guard index + needle.count <= line.count else { return nil }
            if memcmp(line.baseAddress! + index, needle, needle.count) == 0 { return index }
            start = index + 1
        }
        return nil
    }
}
