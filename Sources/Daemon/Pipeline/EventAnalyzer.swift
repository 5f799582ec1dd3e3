import Alerting
import EventDecoding

/// The detection state one worker owns: rules and suppression over the events of the hosts
/// sharded to it. Each worker makes its own with the pipeline's factory and calls it from its
/// thread only, so it needs no locks.
package protocol EventAnalyzer {
    /// Runs the detectors over `event` and appends the alerts that survive suppression.
    mutating func analyze(_ event: NormalizedEvent, into alerts: inout [Alert])
    /// Called after each batch the worker took; an analyzer publishes its counters here.
    mutating func finishBatch()
    /// Called on a reload, between the events before it and those after it; the analyzer
    /// rebuilds its rules and settings from `parts`, keeping what state it can.
    mutating func reconfigure(_ parts: RuleAnalyzerParts)
    /// The state to save across restarts (see `SavedState`); nil when the analyzer keeps none.
    /// `includingShared`: also the state all workers share (asked of one worker only).
    func savedState(includingShared: Bool) -> SavedState?
    /// Called after a reload that changed the allowlist: the analyzer drops the state of the
    /// keys the allowlist in use now covers and returns how many.
    mutating func purgeAllowlistedKeys() -> Int
}

extension EventAnalyzer {
    package mutating func finishBatch() {}
    package mutating func reconfigure(_ parts: RuleAnalyzerParts) {}
    package func savedState(includingShared: Bool) -> SavedState? { nil }
    package mutating func purgeAllowlistedKeys() -> Int { 0 }
}

/// Makes one analyzer per worker; the argument is the worker's index.
package typealias EventAnalyzerFactory = @Sendable (Int) -> any EventAnalyzer
