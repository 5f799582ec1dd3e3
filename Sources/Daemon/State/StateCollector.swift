import Dispatch
import Synchronization

/// Gathers one saved state per detection worker: each worker answers on its own thread, between
/// batches, so no state is read while it changes; the saver waits for all of them.
package final class StateCollector: Sendable {
    private let states: Mutex<[SavedState?]>
    private let group = DispatchGroup()

    package init(workerCount: Int) {
        states = Mutex(Array(repeating: nil, count: workerCount))
        for _ in 0..<workerCount { group.enter() }
    }

    /// Called once by each worker (or by the saver for a worker whose queue is closed).
    package func deliver(_ state: SavedState?, worker: Int) {
        states.withLock { $0[worker] = state }
        group.leave()
    }

    /// Every worker's state merged; nil when one did not answer within `seconds` or kept none.
    package func wait(seconds: Int) -> SavedState? {
        guard group.wait(timeout: .now() + .seconds(seconds)) == .success else { return nil }
        let answers = states.withLock { $0 }
        var merged = SavedState()
        for answer in answers {
            guard let answer else { return nil }
            merged.append(answer)
        }
        return merged
    }
}
