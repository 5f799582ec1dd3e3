import EventDecoding
import Receiving
import WFPCore

/// The sink of one TCP connection or UDP socket: frames are parsed and decoded as they come,
/// events collect per worker, and each read's events are handed over in `endOfRead()`.
package final class PipelineMessageSink: MessageSink {
    private let processor: FrameProcessor
    private let pipeline: Pipeline
    private var pending: [[NormalizedEvent]]

    package init(processor: FrameProcessor, pipeline: Pipeline) {
        self.processor = processor
        self.pipeline = pipeline
        self.pending = Array(repeating: [], count: pipeline.workerCount)
    }

    package func receive(frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp) {
        guard let event = processor.process(frame, info: info, receivedAt: receivedAt) else { return }
        pending[pipeline.shard(forHost: event.host)].append(event)
    }

    /// A UDP datagram: warnings about it name its sender rather than the listener's address.
    package func receive(
        frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp, from peer: PeerAddress
    ) {
        guard let event = processor.process(frame, info: info, receivedAt: receivedAt, sender: peer) else { return }
        pending[pipeline.shard(forHost: event.host)].append(event)
    }

    /// May block while a worker's queue is full (back-pressure on the listener's thread).
    package func endOfRead() {
        for shard in pending.indices where !pending[shard].isEmpty {
            // The next read likely brings as many: the emptied list starts with their room, so
            // appending does not regrow it (and copy its events) from nothing every read.
            var batch: [NormalizedEvent] = []
            batch.reserveCapacity(pending[shard].count)
            swap(&batch, &pending[shard])
            // Handed over, not copied: the worker moves events out of a batch it holds alone.
            pipeline.submit(consume batch, shard: shard)
        }
    }

    package func close() {
        endOfRead()
    }
}
