import Foundation
import WFPCore

/// A set of destination addresses drawn with Zipf popularity: a few sites take most
/// connections, a long tail is seen rarely. Pools are shared across hosts, so popular
/// destinations are common to the fleet.
public struct DestinationPool: Sendable {
    public let firstAddress: UInt32
    public let count: Int
    private let cumulative: [Double]

    /// `exponent` 1 is classic Zipf; 0 draws uniformly.
    public init(firstAddress: UInt32, count: Int, exponent: Double = 1.0) {
        self.firstAddress = firstAddress
        self.count = max(count, 1)

        var weights: [Double] = []
        weights.reserveCapacity(self.count)
        var total = 0.0
        for rank in 1...self.count {
            total += 1 / pow(Double(rank), exponent)
            weights.append(total)
        }
        self.cumulative = weights.map { $0 / total }
    }

    public func address(at index: Int) -> IPAddress {
        IPAddress(ipv4: firstAddress &+ UInt32(index))
    }

    /// A destination index drawn by popularity.
    public func draw(using random: inout SplitMix64) -> Int {
        let target = random.unit()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] <= target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
