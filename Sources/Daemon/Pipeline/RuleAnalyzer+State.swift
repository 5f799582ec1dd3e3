import Detection
import Enrichment
import WFPCore

/// Saved state handed to the analyzer factory at start, with the worker count it is spread
/// over and the counter of keys taken back.
package struct StateRestore: Sendable {
    package var state: SavedState
    package var workerCount: Int
    package var restoredKeys: Counter

    package init(state: SavedState, workerCount: Int, restoredKeys: Counter) {
        self.state = state
        self.workerCount = workerCount
        self.restoredKeys = restoredKeys
    }
}

extension RuleAnalyzer {
    /// The engine's and the hosts' state, with strings for ids, keyed by host; with
    /// `includingShared`, the fleet's destination memory too.
    package func savedState(includingShared: Bool) -> SavedState? {
        SavedState(
            correlation: engine.snapshot(), hosts: hosts.snapshot(),
            fleet: includingShared ? parts.fleet.snapshot() : nil)
    }

    /// Takes the saved state of the hosts `HostShard` gives to `worker` now, whatever the
    /// worker count was when it was saved.
    mutating func restore(_ restoring: StateRestore, worker: Int) {
        let count = max(1, restoring.workerCount)
        let owns = { (host: String) in HostShard.index(forHost: host, shardCount: count) == worker }
        let restored = engine.restore(restoring.state.correlation, owns: owns)
        restoring.restoredKeys.add(restored + hosts.restore(restoring.state.hosts, owns: owns))
    }
}
