import Foundation

/// CPU time of the calling thread: on a shared machine it counts only the work done, where a
/// wall clock would also count time other processes held the core.
enum ThreadCPUClock {
    static func nanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
