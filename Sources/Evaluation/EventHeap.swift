/// A binary min-heap of (event time, source index): the merge that puts the events of every
/// source into one stream in event-time order. Ties go to the lower source index, so the
/// order is deterministic.
struct EventHeap: Sendable {
    private var times: [Int64] = []
    private var sources: [Int] = []

    var isEmpty: Bool { times.isEmpty }

    mutating func push(time: Int64, source: Int) {
        times.append(time)
        sources.append(source)
        siftUp(times.count - 1)
    }

    mutating func popMinimum() -> (time: Int64, source: Int)? {
        guard let top = times.first else { return nil }
        let source = sources[0]

        let last = times.count - 1
        times.swapAt(0, last)
        sources.swapAt(0, last)
        times.removeLast()
        sources.removeLast()
        if !times.isEmpty { siftDown(0) }
        return (top, source)
    }

    private func precedes(_ left: Int, _ right: Int) -> Bool {
        times[left] < times[right] || (times[left] == times[right] && sources[left] < sources[right])
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { return }
            times.swapAt(child, parent)
            sources.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < times.count else { return }
            let right = left + 1
            let smaller = right < times.count && precedes(right, left) ? right : left
            guard precedes(smaller, parent) else { return }
            times.swapAt(smaller, parent)
            sources.swapAt(smaller, parent)
            parent = smaller
        }
    }
}
