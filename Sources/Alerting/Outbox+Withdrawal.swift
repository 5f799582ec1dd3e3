import WFPCore

extension Outbox {
    /// Removes the pending entries `isWithdrawn` selects as though every sink had acknowledged
    /// them, rewrites the file without them, and counts them in
    /// `wfpwatch_outbox_removed_total{reason}`. Returns their ids, for the webhooks' queues.
    ///
    /// A reload calls it with the new allowlist (reason `allowlisted`): alerts on a key that is
    /// allowlisted now are not delivered, even when the receiver comes back or serve restarts.
    public func remove(where isWithdrawn: (OutboxEntry) -> Bool, reason: String) -> [String] {
        let removed: [String] = state.withLock { state in
            let ids = state.order.filter { id in state.pending[id].map { isWithdrawn($0.entry) } ?? false }
            guard !ids.isEmpty else { return ids }
            for id in ids {
                if let pending = state.pending.removeValue(forKey: id) { state.liveBytes -= pending.entry.fileBytes }
            }
            do throws(OutboxError) { try compact(&state) } catch { reportCompactionFailure(error) }
            updateGauges(state)
            return ids
        }
        if !removed.isEmpty {
            metrics?.counter("wfpwatch_outbox_removed_total", ["reason": reason]).add(removed.count)
        }
        return removed
    }

    /// Of `entries`, those still pending, in order: a webhook retrying a batch leaves out what
    /// the outbox no longer holds.
    public func stillPending(_ entries: [OutboxEntry]) -> [OutboxEntry] {
        state.withLock { state in entries.filter { state.pending[$0.id] != nil } }
    }

    /// Publishes `wfpwatch_outbox_oldest_age_seconds` as of `now` (a scrape calls it, since the
    /// age grows without any delivery) and returns it.
    @discardableResult
    public func publishOldestAge(now: Timestamp = WallClock.now()) -> Int {
        let seconds = state.withLock { Self.oldestAgeSeconds($0, now: now) }
        oldestAgeGauge?.set(seconds)
        return seconds
    }
}
