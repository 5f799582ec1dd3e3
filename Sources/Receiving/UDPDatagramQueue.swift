import Foundation
import WFPCore

/// The slabs a UDP reader hands to its decode threads, bounded in bytes.
///
/// A slab's bytes count from `put` until the decode thread that took it calls `release`, so
/// the bound covers everything received and not yet decoded. `put` waits while the bound
/// would be passed: the reader then stops reading, the socket buffer fills, and the kernel
/// drops (and counts) what arrives after. Nothing the queue accepted is ever dropped.
///
/// Slabs are decoded in parallel but handed on in the order they were read: each `take`
/// draws a turn, and a decode thread waits for its turn (`waitForTurn`) before it passes its
/// slab's events on, so the events of a host reach detection in arrival order.
final class UDPDatagramQueue: @unchecked Sendable {
    let capacityBytes: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var slabs: [UDPSlab] = []
    private var nextSlab = 0
    private var heldBytes = 0
    private var finished = false
    private var turnsDrawn = 0
    private var turnNow = 0
    private let heldGauge: Gauge
    private let fullWaits: Counter

    init(capacityBytes: Int, heldGauge: Gauge, fullWaits: Counter) {
        self.capacityBytes = capacityBytes
        self.heldGauge = heldGauge
        self.fullWaits = fullWaits
    }

    /// Queues `slab`, waiting while it would not fit. A slab is accepted whenever nothing is
    /// held, so one larger than the bound cannot wait forever.
    func put(_ slab: UDPSlab) {
        let slabBytes = slab.bytes.count
        condition.lock()
        defer { condition.unlock() }

        if !fits(slabBytes) { fullWaits.add() }
        while !fits(slabBytes) { condition.wait() }

        slabs.append(slab)
        heldBytes += slabBytes
        heldGauge.set(heldBytes)
        condition.broadcast()
    }

    /// The oldest queued slab and its turn, waiting until there is one; nil once finished and
    /// empty. The taker must end the turn with `endTurn`.
    func take() -> (slab: UDPSlab, turn: Int)? {
        condition.lock()
        defer { condition.unlock() }

        while nextSlab == slabs.count && !finished { condition.wait() }
        guard nextSlab < slabs.count else { return nil }
        let slab = slabs[nextSlab]
        nextSlab += 1
        if nextSlab == slabs.count || nextSlab >= 1024 {
            slabs.removeFirst(nextSlab)
            nextSlab = 0
        }
        turnsDrawn += 1
        return (slab, turnsDrawn - 1)
    }

    /// Returns once every slab taken before the one with `turn` has been handed on.
    func waitForTurn(_ turn: Int) {
        condition.lock()
        while turnNow != turn { condition.wait() }
        condition.unlock()
    }

    /// The decode thread whose turn it is has handed its slab of `slabBytes` on: the next turn
    /// begins and the slab's room is free again.
    func endTurn(slabBytes: Int) {
        condition.lock()
        turnNow += 1
        heldBytes -= slabBytes
        heldGauge.set(heldBytes)
        condition.broadcast()
        condition.unlock()
    }

    /// No more slabs come; `take` returns nil once the queued ones are taken.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Bytes held now (queued or being decoded).
    var bytesHeld: Int {
        condition.lock()
        defer { condition.unlock() }
        return heldBytes
    }

    private func fits(_ slabBytes: Int) -> Bool {
        heldBytes == 0 || heldBytes + slabBytes <= capacityBytes
    }
}
