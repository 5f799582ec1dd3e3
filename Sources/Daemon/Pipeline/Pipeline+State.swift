extension Pipeline {
    /// The state of every worker, each taken on its own thread after the events queued before
    /// this call; nil when a worker has stopped or did not answer within `seconds`.
    package func collectState(seconds: Int) -> SavedState? {
        let collector = StateCollector(workerCount: workers.count)
        for worker in workers where !worker.queue.putSnapshot(collector) {
            collector.deliver(nil, worker: worker.index)
        }
        return collector.wait(seconds: seconds)
    }
}
