import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// A run of received datagrams in one block of memory, passed from the UDP reader to a decode
/// thread as a whole. The reader receives straight into the free tail of the block
/// (`receiveSpace`) and commits what it keeps; each datagram stays whole and contiguous.
///
/// Owned by one thread at a time: the reader fills it, the queue carries it, one decode thread
/// reads it and frees it.
final class UDPSlab: @unchecked Sendable {
    /// Where one kept datagram lies in `bytes`, and what the framer said about it.
    struct Record {
        var offset: Int32
        var length: Int32
        var originalLength: Int32
        var truncated: Bool
        var peerIndex: Int32
        var receivedAt: Timestamp
    }

    private(set) var bytes: UnsafeMutableRawBufferPointer
    private(set) var usedBytes = 0
    private(set) var records: [Record] = []
    /// Senders of the records, each listed once per run of datagrams from it.
    private(set) var peers: [PeerAddress] = []

    init(capacityBytes: Int) {
        bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: capacityBytes, alignment: 16)
    }

    deinit {
        bytes.deallocate()
    }

    var isEmpty: Bool { records.isEmpty }

    /// The free tail the next datagram is received into.
    var receiveSpace: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: bytes[usedBytes...])
    }

    /// Keeps `frame` (a part of `receiveSpace`) as the next record.
    func commit(_ frame: UnsafeRawBufferPointer, info: FrameInfo, receivedAt: Timestamp, from peer: PeerAddress) {
        let offset = UnsafeRawPointer(bytes.baseAddress!).distance(to: frame.baseAddress!)
        if peers.last != peer { peers.append(peer) }
        records.append(Record(
            offset: Int32(offset), length: Int32(frame.count), originalLength: Int32(info.originalLength),
            truncated: info.truncated, peerIndex: Int32(peers.count - 1), receivedAt: receivedAt))
        usedBytes = offset + frame.count
    }

    /// Hands each record to `body` in the order received.
    func forEach(_ body: (UnsafeRawBufferPointer, FrameInfo, Timestamp, PeerAddress) -> Void) {
        let base = UnsafeRawPointer(bytes.baseAddress!)
        for record in records {
            let frame = UnsafeRawBufferPointer(start: base + Int(record.offset), count: Int(record.length))
            let info = FrameInfo(
                framing: .datagram, truncated: record.truncated, originalLength: Int(record.originalLength))
            body(frame, info, record.receivedAt, peers[Int(record.peerIndex)])
        }
    }

    /// A slab holding just the used part of this one, so a run cut short by an empty socket
    /// does not hold a whole receive block while it waits.
    func compacted() -> UDPSlab {
        let compact = UDPSlab(capacityBytes: max(usedBytes, 1))
        if usedBytes > 0 {
            memcpy(compact.bytes.baseAddress!, bytes.baseAddress!, usedBytes)
        }
        compact.usedBytes = usedBytes
        compact.records = records
        compact.peers = peers
        return compact
    }

    /// Forgets every record, so the block can be filled again.
    func reset() {
        usedBytes = 0
        records.removeAll(keepingCapacity: true)
        peers.removeAll(keepingCapacity: true)
    }
}
