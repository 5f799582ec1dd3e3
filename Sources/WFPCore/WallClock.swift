#if canImport(Glibc)
import Glibc
#endif

/// Reads the wall clock. Only the receiving edge of the pipeline calls it; everything after
/// works on the timestamps it was handed, so replay and tests control time completely.
public enum WallClock {
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(secondsSinceEpoch: Int64(ts.tv_sec), nanoseconds: Int64(ts.tv_nsec))
    }
}
