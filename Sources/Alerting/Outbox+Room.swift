import WFPCore

#if canImport(Glibc)
import Glibc
#endif

extension Outbox {
    /// Frees room for `entry` as configured; false when `entry` itself is dropped.
    func makeRoom(for entry: OutboxEntry, _ state: inout State) -> Bool {
        let limit = configuration.maximumBytes
        if state.fileBytes + entry.fileBytes <= limit { return true }

        // Acknowledged entries still in the file go first; only then is an alert given up.
        if state.liveBytes < state.fileBytes {
            do throws(OutboxError) { try compact(&state) } catch { reportCompactionFailure(error) }
            if state.fileBytes + entry.fileBytes <= limit { return true }
        }
        guard configuration.keep == .newest, entry.fileBytes <= limit else {
            reportDrop(count: 1)
            return false
        }

        var evicted = 0
        var index = 0
        while state.liveBytes + entry.fileBytes > limit && index < state.order.count {
            if let pending = state.pending.removeValue(forKey: state.order[index]) {
                state.liveBytes -= pending.entry.fileBytes
                evicted += 1
            }
            index += 1
        }
        reportDrop(count: evicted)
        do throws(OutboxError) { try compact(&state) } catch { reportCompactionFailure(error) }
        return state.fileBytes + entry.fileBytes <= limit
    }

    /// Rewrites the file with only the pending entries: to `path.tmp`, fsync'd, renamed over the
    /// file, then the folder fsync'd so the rename itself survives a crash.
    func compact(_ state: inout State) throws(OutboxError) {
        let path = configuration.path
        state.order = state.order.filter { state.pending[$0] != nil }
        var text: [UInt8] = []
        for id in state.order {
            text.append(contentsOf: state.pending[id]!.entry.json.utf8)
            text.append(UInt8(ascii: "\n"))
        }

        try OutboxFile.replace(path: path, with: text)
        if state.descriptor >= 0 { _ = Glibc.close(state.descriptor) }
        state.descriptor = try OutboxFile.openForAppend(path)
        state.fileBytes = text.count
        state.liveBytes = text.count
    }

    /// Moves lines that could not be read to `path.corrupt`, so nothing is lost or re-read.
    func setAside(_ lines: [String]) throws(OutboxError) {
        let path = configuration.path + ".corrupt"
        let descriptor = try OutboxFile.openForAppend(path)
        defer { _ = Glibc.close(descriptor) }
        var text: [UInt8] = []
        for line in lines { text += Array(line.utf8) + [UInt8(ascii: "\n")] }
        if let failure = OutboxFile.writeAll(descriptor, text, sync: true) {
            throw .cannotWrite(path: path, reason: failure)
        }
        corrupt?.add(lines.count)
        log?.log(.warning, "outbox lines unreadable; set aside", [
            ("path", path), ("lines", String(lines.count)),
        ])
    }

    func reportDrop(count: Int) {
        guard count > 0 else { return }
        dropped?.add(count)
        log?.rateLimited(.error, "outbox full; alerts dropped", [
            ("path", configuration.path), ("maximum_bytes", String(configuration.maximumBytes)),
            ("keep", configuration.keep.rawValue), ("dropped", String(count)),
        ])
    }

    func reportCompactionFailure(_ error: OutboxError) {
        log?.rateLimited(.error, "outbox compaction failed", [("error", error.description)])
    }

    func updateGauges(_ state: State, now: Timestamp = WallClock.now()) {
        entriesGauge?.set(state.pending.count)
        bytesGauge?.set(state.fileBytes)
        oldestAgeGauge?.set(Self.oldestAgeSeconds(state, now: now))
    }

    /// Whole seconds since the oldest pending entry with a known time was raised; 0 when none.
    static func oldestAgeSeconds(_ state: State, now: Timestamp) -> Int {
        guard let raisedAt = state.order.lazy.compactMap({ state.pending[$0]?.entry.raisedAt }).first else { return 0 }
        return max(0, Int((now - raisedAt).components.seconds))
    }
}
