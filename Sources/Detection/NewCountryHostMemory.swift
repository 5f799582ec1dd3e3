import WFPCore

/// What one host's processes reached: (image id, country) pairs and the countries of the host
/// as a whole, in a few bytes each.
struct NewCountryHostMemory: Sendable {
    /// What was new about a connection.
    struct FirstSighting: Equatable, Sendable {
        /// The host is still in its learning period.
        var learning: Bool
        /// Some other process of the host had reached the country before.
        var hostKnewCountry: Bool
        /// The pair fit under the cap and is remembered.
        var remembered: Bool
    }

    /// The event time of the host's first counted connection.
    let firstSeen: Timestamp
    /// Image id in the high bits, packed country code in the low 16.
    var pairs: Set<UInt64> = []
    var countries: Set<UInt16> = []

    init(firstSeen: Timestamp) {
        self.firstSeen = firstSeen
    }

    var pairCount: Int { pairs.count }

    /// Records that `image` reached `country`; nil when it had before.
    mutating func see(image: UInt32, country: UInt16, time: Timestamp, learningPeriod: Duration, maximumPairs: Int)
        -> FirstSighting?
    {
        let pair = UInt64(image) << 16 | UInt64(country)
        guard !pairs.contains(pair) else { return nil }

        let remembered = pairs.count < maximumPairs
        if remembered { pairs.insert(pair) }
        let hostKnewCountry = !countries.insert(country).inserted
        // Events may arrive out of order: one from before the first counted one is still learning.
        return FirstSighting(
            learning: time < firstSeen || time - firstSeen < learningPeriod, hostKnewCountry: hostKnewCountry,
            remembered: remembered)
    }

    /// Two ASCII letters packed in 16 bits; nil for anything else (no ISO code).
    static func countryKey(_ code: String) -> UInt16? {
        let bytes = code.utf8
        guard bytes.count == 2, let first = bytes.first, let last = bytes.last,
            isLetter(first), isLetter(last)
        else { return nil }
        return UInt16(first) << 8 | UInt16(last)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
