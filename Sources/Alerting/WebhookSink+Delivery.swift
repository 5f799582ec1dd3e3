import Foundation
import WFPCore

extension WebhookSink {
    /// The delivery thread: take a batch when one is due, send it until it is settled.
    func run() {
        while let batch = nextBatch() {
            let ids = batch.map(\.id)
            if send(batch) { outbox?.acknowledge(ids, sink: configuration.name) }
            queue.withLock { queue in
                queue.sending = 0
                publishQueued(queue)
            }
        }
        finished.signal()
    }

    /// Waits until a batch is due; nil once stopping with nothing left.
    private func nextBatch() -> [OutboxEntry]? {
        while true {
            let (batch, wait): ([OutboxEntry]?, Duration?) = queue.withLock { queue in
                guard !queue.entries.isEmpty else { return (nil, queue.stopping ? .zero : nil) }
                let waited = queue.oldestQueuedAt.map { ContinuousClock.now - $0 } ?? .zero
                let due = queue.entries.count >= configuration.batchMaximum || waited >= configuration.batchInterval
                guard due || queue.stopping else { return (nil, configuration.batchInterval - waited) }

                let batch = Array(queue.entries.prefix(configuration.batchMaximum))
                queue.entries.removeFirst(batch.count)
                queue.oldestQueuedAt = queue.entries.isEmpty ? nil : .now
                queue.sending = batch.count
                return (batch, nil)
            }
            if let batch { return batch }
            if wait == .zero { return nil }
            if let wait {
                _ = wakeup.wait(timeout: .now() + .nanoseconds(Int(wait.nanoseconds)))
            } else {
                wakeup.wait()
            }
        }
    }

    /// Sends `batch` until it is delivered or refused (true: settled), or the sink stops while
    /// it still fails (false: left to the outbox).
    private func send(_ batch: [OutboxEntry]) -> Bool {
        guard let url = URL(string: configuration.url) else { return false }
        var batch = batch
        var body = WebhookBody.make(batch, format: configuration.format)
        var backoff = WebhookBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)

        while true {
            let response = transport.post(
                url: url, headers: headers(for: body), body: body, timeout: configuration.timeout)
            switch response {
            case .delivered:
                counters.delivered(batch.count)
                return true
            case .refused(let status, let bodyPrefix):
                deadLetter(batch, status: status, bodyPrefix: bodyPrefix)
                return true
            case .retry(let status, let retryAfter, let reason):
                let delay = backoff.next(retryAfter: retryAfter)
                counters.failures.add()
                log?.rateLimited(
                    .warning, "webhook delivery failed; retrying",
                    [
                        ("sink", configuration.name), ("status", status.map(String.init) ?? "none"),
                        ("error", reason), ("alerts", String(batch.count)),
                        ("retry_in_seconds", WebhookBackoff.secondsText(delay)),
                    ])
                guard pause(delay) else { return false }

                // A reload may have withdrawn some of the batch from the outbox meanwhile.
                if let outbox {
                    let left = outbox.stillPending(batch)
                    guard !left.isEmpty else { return true }
                    if left.count != batch.count {
                        batch = left
                        body = WebhookBody.make(batch, format: configuration.format)
                    }
                }
                counters.retries.add()
            }
        }
    }

    /// Sleeps `delay`, waking early only to stop; false when stopping.
    private func pause(_ delay: Duration) -> Bool {
        let deadline = ContinuousClock.now + delay
        while ContinuousClock.now < deadline {
            if queue.withLock({ $0.stopping }) { return false }
            let slice = min(deadline - ContinuousClock.now, .milliseconds(200))
            _ = wakeup.wait(timeout: .now() + .nanoseconds(Int(slice.nanoseconds)))
        }
        return !queue.withLock { $0.stopping }
    }

    /// Configured headers, content type, and the timestamp and signature when there is a secret.
    func headers(for body: [UInt8], now: Timestamp = WallClock.now()) -> [(String, String)] {
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        headers += configuration.resolvedHeaders().map { ($0.name, $0.value) }
        guard let secret = configuration.secret else { return headers }

        let seconds = now.nanosecondsSinceEpoch / 1_000_000_000
        headers.append((configuration.timestampHeader, String(seconds)))
        let key = Array(secret.value.utf8)
        let signature = WebhookSignature.headerValue(secret: key, timestampSeconds: seconds, body: body)
        headers.append((configuration.signatureHeader, signature))
        return headers
    }

    private func deadLetter(_ batch: [OutboxEntry], status: Int, bodyPrefix: String) {
        counters.deadLettered.add(batch.count)
        var fields = [
            ("sink", configuration.name), ("status", String(status)), ("response", bodyPrefix),
            ("alerts", String(batch.count)), ("dead_letter", configuration.deadLetterPath ?? "none"),
        ]
        guard let path = configuration.deadLetterPath else {
            log?.rateLimited(.error, "webhook refused alerts; no dead-letter file, alerts lost", fields)
            return
        }
        var text: [UInt8] = []
        for entry in batch { text += Array(entry.json.utf8) + [UInt8(ascii: "\n")] }
        do {
            let descriptor = try OutboxFile.openForAppend(path)
            defer { _ = close(descriptor) }
            if let failure = OutboxFile.writeAll(descriptor, text, sync: true) { fields.append(("error", failure)) }
        } catch {
            fields.append(("error", error.description))
        }
        log?.rateLimited(.error, "webhook refused alerts; written to dead-letter file", fields)
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
