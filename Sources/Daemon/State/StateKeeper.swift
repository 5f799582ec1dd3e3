import Dispatch
import WFPCore

/// Restores the correlation state at `serve`'s start and saves it on an interval and on stop.
///
/// A file that cannot be read (bad magic, checksum, truncation, a limit broken, another
/// format version) is renamed aside, logged with the reason and counted; the service starts
/// empty. A failed save is logged and counted; the previous file stays. Neither is fatal.
package final class StateKeeper: Sendable {
    package let configuration: WFPWatchConfiguration.StateConfiguration
    private let log: Log
    private let saves: Counter
    private let saveFailures: Counter
    private let lastSaveBytes: Gauge
    private let savedKeys: Gauge
    private let metrics: MetricsRegistry
    private let queue = DispatchQueue(label: "wfpwatch.state")
    /// Confined to `queue`.
    private nonisolated(unsafe) var timer: (any DispatchSourceTimer)?
    private nonisolated(unsafe) var stopped = false

    /// How long a save waits for the workers to reach its request in their queues.
    package static let collectSeconds = 20

    package init(configuration: WFPWatchConfiguration.StateConfiguration, metrics: MetricsRegistry, log: Log) {
        self.configuration = configuration
        self.log = log
        self.metrics = metrics
        saves = metrics.counter("wfpwatch_state_saves_total")
        saveFailures = metrics.counter("wfpwatch_state_save_failures_total")
        lastSaveBytes = metrics.gauge("wfpwatch_state_last_save_bytes")
        savedKeys = metrics.gauge("wfpwatch_state_saved_keys")
    }

    /// The keys restored counter the analyzer factory adds to.
    package var restoredKeys: Counter { metrics.counter("wfpwatch_state_restored_keys_total") }

    // MARK: Restore

    /// The saved state, or nil when there is none or it was set aside.
    package func load() -> SavedState? {
        let path = configuration.filePath
        do throws(StateFileError) {
            guard let bytes = try StateFile.read(path: path) else {
                log.log(.info, "no saved state", [("path", path)])
                return nil
            }
            let state = try StateFile.decode(bytes)
            log.log(.info, "state restored", [("path", path), ("keys", String(state.keyCount))])
            return state
        } catch {
            setAside(path: path, error: error)
            return nil
        }
    }

    private func setAside(path: String, error: StateFileError) {
        metrics.counter("wfpwatch_state_files_set_aside_total", ["reason": error.kind]).add()
        // A file that could not be read at all (permissions, I/O) is left where it is.
        if case .system = error {
            log.log(.warning, "saved state unreadable, starting empty", [("path", path), ("reason", error.description)])
            return
        }
        let target = StateFile.setAside(path: path, error: error, now: WallClock.now())
        log.log(.warning, "saved state set aside, starting empty", [
            ("path", path), ("reason", error.description), ("moved_to", target ?? "(rename failed)"),
        ])
    }

    // MARK: Saving

    /// Saves every `saveInterval` until `saveOnStop`.
    package func startSaving(pipeline: Pipeline) {
        queue.sync {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            let interval = DispatchTimeInterval.nanoseconds(Int(configuration.saveInterval.nanosecondsTotal))
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler { [self] in
                guard !stopped else { return }
                save(pipeline: pipeline, level: .debug)
            }
            timer.resume()
            self.timer = timer
        }
    }

    /// The last save: stops the interval (waiting for a save in progress), then saves what the
    /// workers hold once they have analysed every event queued before this call.
    package func saveOnStop(pipeline: Pipeline) {
        queue.sync {
            stopped = true
            timer?.cancel()
            save(pipeline: pipeline, level: .info)
        }
    }

    /// Runs on `queue`: collects, encodes and writes; returns whether the file was written.
    /// A written file is logged at `level` (debug on the interval, info on stop).
    @discardableResult
    private func save(pipeline: Pipeline, level: LogLevel) -> Bool {
        let started = DispatchTime.now().uptimeNanoseconds
        guard let state = pipeline.collectState(seconds: Self.collectSeconds) else {
            saveFailures.add()
            log.log(.warning, "state not saved: a detection worker did not answer", [
                ("path", configuration.filePath), ("waited_seconds", String(Self.collectSeconds)),
            ])
            return false
        }

        let bytes = StateFile.encode(state)
        do {
            try StateFile.write(bytes, path: configuration.filePath)
        } catch {
            saveFailures.add()
            log.log(.warning, "state not saved", [("path", configuration.filePath), ("reason", error.description)])
            return false
        }

        let milliseconds = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        saves.add()
        lastSaveBytes.set(bytes.count)
        savedKeys.set(state.keyCount)
        log.log(level, "state saved", [
            ("path", configuration.filePath), ("keys", String(state.keyCount)), ("bytes", String(bytes.count)),
            ("milliseconds", String(milliseconds)),
        ])
        return true
    }
}
