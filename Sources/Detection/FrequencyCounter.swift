import WFPCore

/// Connections of one key counted in a ring of fixed time buckets covering one window, plus the
/// key's alert state.
///
/// The count at an event covers the buckets of the last window, so it spans between
/// (bucketCount - 1) / bucketCount of the window and the whole window. An event older than the
/// ring is not counted. A TCP event with the same source port as the previous one within the
/// same or the next bucket is the same connection reported again (5156 plus Sysmon 3, or several
/// filtering layers) and is not counted twice.
struct FrequencyCounter: Sendable {
    static let bucketCount = 10

    private var buckets = ContiguousArray<UInt32>(repeating: 0, count: FrequencyCounter.bucketCount)
    /// Bucket index (event time / bucket width) of the newest counted event.
    private var newestBucket: Int64
    private var lastSourcePort: UInt16 = 0
    private var lastSourceBucket: Int64 = .min
    /// Bucket of the last alert; nil while armed.
    private var alertedBucket: Int64?
    /// Event time of the latest event, for expiry.
    private(set) var lastEvent: Timestamp

    init(bucket: Int64, time: Timestamp) {
        newestBucket = bucket
        lastEvent = time
    }

    /// Counts one connection and returns the count when it crosses `threshold` while armed,
    /// nil otherwise. Re-arms once the count is back under the threshold a window after the
    /// last alert, so a sustained flood alerts once.
    mutating func add(bucket: Int64, time: Timestamp, tcpSourcePort: UInt16?, threshold: Int) -> Int? {
        lastEvent = max(lastEvent, time)
        if let port = tcpSourcePort, port != 0 {
            if port == lastSourcePort && bucket - lastSourceBucket <= 1 && bucket >= lastSourceBucket { return nil }
            lastSourcePort = port
            lastSourceBucket = bucket
        }
        guard count(into: bucket) else { return nil }

        let total = Int(buckets.reduce(0) { $0 &+ $1 })
        if let alerted = alertedBucket, total < threshold, bucket - alerted >= Int64(Self.bucketCount) {
            alertedBucket = nil
        }
        guard alertedBucket == nil, total >= threshold else { return nil }
        alertedBucket = bucket
        return total
    }

    /// Slides the ring forward to `bucket` and adds one there; false when `bucket` is older
    /// than the ring.
    private mutating func count(into bucket: Int64) -> Bool {
        let width = Int64(Self.bucketCount)
        if bucket > newestBucket {
            let cleared = min(bucket - newestBucket, width)
            for step in 0..<cleared {
                buckets[Self.slot(bucket - step)] = 0
            }
            newestBucket = bucket
        } else if newestBucket - bucket >= width {
            return false
        }
        let slot = Self.slot(bucket)
        buckets[slot] = buckets[slot] &+ 1
        return true
    }

    private static func slot(_ bucket: Int64) -> Int {
        Int(((bucket % Int64(bucketCount)) + Int64(bucketCount)) % Int64(bucketCount))
    }
}
