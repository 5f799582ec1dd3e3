/// Counts of what enrichment saw and joined, for `replay --stats` and the metrics.
///
/// "Joinable" connections are those whose process creation appears anywhere in the input: the
/// ones joined at connection time, plus the unjoined ones whose creation (same host, PID and
/// image) arrived later. The join share is joined over joinable.
package struct EnrichmentStatistics: Equatable, Sendable {
    package var connectionsSeen = 0
    /// Connections joined to a creation record when they were seen.
    package var connectionsJoined = 0
    /// Unjoined connections whose creation record arrived after them.
    package var connectionsJoinedLater = 0
    /// Unjoined connections not remembered for the joinable count, the memory being full.
    package var connectionsNotTracked = 0
    /// Connections whose destination got a DNS name.
    package var connectionsNamed = 0

    package var processStarts = 0
    /// Creation records merged into one already known (4688 and Sysmon 1 of one start).
    package var processStartsMerged = 0
    package var processEnds = 0
    /// Ends whose process start was not in memory.
    package var processEndsUnmatched = 0
    package var processesEvicted = 0

    package var dnsQueries = 0
    package var dnsAnswersEvicted = 0
    package var hostsEvicted = 0

    package init() {}

    /// Connections whose process creation appears in the input.
    package var connectionsJoinable: Int { connectionsJoined + connectionsJoinedLater }

    /// Joined over joinable, nil before any joinable connection.
    package var joinShare: Double? {
        connectionsJoinable == 0 ? nil : Double(connectionsJoined) / Double(connectionsJoinable)
    }

    /// One line for `replay --stats`.
    package var summary: String {
        let share = joinShare.map { share in
            let permille = Int((share * 1000).rounded())
            return "\(permille / 10).\(permille % 10) %"
        }
        return "connections \(connectionsSeen), joined \(connectionsJoined) of \(connectionsJoinable) joinable"
            + " (\(share ?? "n/a")), named \(connectionsNamed)"
    }
}
