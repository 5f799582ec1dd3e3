import Detection
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
    /// The engine's state, with strings for ids, keyed by host.
    package func savedState() -> SavedState? {
        SavedState(correlation: engine.snapshot())
    }

    /// Takes the saved state of the hosts `HostShard` gives to `worker` now, whatever the
    /// worker count was when it was saved.
    mutating func restore(_ restoring: StateRestore, worker: Int) {
        let count = max(1, restoring.workerCount)
        let restored = engine.restore(restoring.state.correlation) {
            HostShard.index(forHost: $0, shardCount: count) == worker
        }
        restoring.restoredKeys.add(restored)
    }
}
