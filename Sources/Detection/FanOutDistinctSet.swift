/// Distinct values (destination addresses or ports) one process reached within a window, kept
/// exactly up to the alert threshold and no further, each with the time bucket it was last seen.
struct FanOutDistinctSet<Value: Hashable & Sendable>: Sendable {
    /// Value → bucket index it was last seen in.
    private var lastSeen: [Value: Int64] = [:]
    /// Bucket of the last stale sweep; a sweep within one bucket finds nothing new to drop.
    private var sweptBucket: Int64 = .min
    /// Bucket of the last alert; nil while armed.
    private var alertedBucket: Int64?

    /// Adds `value` seen in `bucket`; returns the distinct count in the window when it reaches
    /// `limit` while armed. At `limit` live values, new ones are not stored: the crossing is
    /// already known and the set stays bounded.
    mutating func insert(_ value: Value, bucket: Int64, bucketsPerWindow: Int64, limit: Int) -> Int? {
        if let seen = lastSeen[value] {
            lastSeen[value] = max(seen, bucket)
        } else {
            if lastSeen.count >= limit { sweep(bucket: bucket, bucketsPerWindow: bucketsPerWindow) }
            if lastSeen.count < limit { lastSeen[value] = bucket }
        }
        let live = liveCount(bucket: bucket, bucketsPerWindow: bucketsPerWindow, limit: limit)

        if let alerted = alertedBucket, live < limit, bucket - alerted >= bucketsPerWindow {
            alertedBucket = nil
        }
        guard alertedBucket == nil, live >= limit else { return nil }
        alertedBucket = bucket
        return live
    }

    /// Values stored (at most the limit).
    var storedCount: Int { lastSeen.count }

    /// Values seen within the window; below the limit the stored count is a safe upper bound
    /// that cannot cross, so no sweep is needed.
    private mutating func liveCount(bucket: Int64, bucketsPerWindow: Int64, limit: Int) -> Int {
        if lastSeen.count >= limit { sweep(bucket: bucket, bucketsPerWindow: bucketsPerWindow) }
        return lastSeen.count
    }

    private mutating func sweep(bucket: Int64, bucketsPerWindow: Int64) {
        guard bucket > sweptBucket else { return }
        sweptBucket = bucket
        lastSeen = lastSeen.filter { bucket - $0.value < bucketsPerWindow }
    }
}
