import WFPCore

/// The bodies of the libFuzzer targets: one function per target, each taking the raw input.
///
/// The entries check invariants the parsers promise (ranges inside the frame, frames within the
/// size limit, the same frames whatever the chunking) and stop the process with `preconditionFailure`
/// when one breaks, so the fuzzer reports it like a crash. Each returns a small count of what
/// the input produced, which the corpus tests assert on.
package enum FuzzEntries {
    /// The receive time every entry passes to the parsers: 2024-12-04T15:30:00Z.
    package static let receivedAt = Timestamp(secondsSinceEpoch: 1_733_326_200)

    /// Longest input the fuzz script feeds (`-max_len`); corpus files stay below it.
    package static let maximumInputBytes = 8192

    /// Stops the run with `message` when `condition` is false, also in release builds.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { preconditionFailure(message()) }
    }

    /// True when `range` lies inside a buffer of `count` bytes.
    static func isInside(_ range: Range<Int>?, count: Int) -> Bool {
        guard let range else { return true }
        return range.lowerBound >= 0 && range.upperBound <= count
    }
}
