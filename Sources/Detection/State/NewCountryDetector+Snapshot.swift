import WFPCore

extension NewCountryDetector {
    /// One host's new-country memory, with image names for the detector's image ids.
    package struct HostSnapshot: Sendable {
        package var host: String
        package var firstSeen: Timestamp
        /// Countries as two ASCII letters packed in 16 bits.
        package var countries: [UInt16]
        package var pairs: [(image: String, country: UInt16)]
    }

    /// Every host's memory, in no particular order.
    package func snapshot() -> [HostSnapshot] {
        hosts.map { host, memory in
            HostSnapshot(
                host: host, firstSeen: memory.firstSeen, countries: Array(memory.countries),
                pairs: memory.pairs.map { (images.string(for: UInt32($0 >> 16)), UInt16(truncatingIfNeeded: $0)) })
        }
    }

    /// Takes the memory of the hosts `owns` accepts, within the host, image and pair caps.
    /// Returns the hosts taken.
    @discardableResult
    package mutating func restore(_ saved: [HostSnapshot], owns: (String) -> Bool) -> Int {
        guard configuration.enabled else { return 0 }
        var restored = 0
        for entry in saved where owns(entry.host) && hosts[entry.host] == nil {
            guard hosts.count < configuration.maximumHosts else { break }
            var memory = NewCountryHostMemory(firstSeen: entry.firstSeen)
            memory.countries = Set(entry.countries)
            for pair in entry.pairs where memory.pairs.count < configuration.maximumPairsPerHost {
                guard let image = imageID(pair.image) else { continue }
                memory.pairs.insert(UInt64(image) << 16 | UInt64(pair.country))
            }
            hosts[entry.host] = memory
            restored += 1
        }
        return restored
    }

    // MARK: Encoding

    package static func encode(_ hosts: [HostSnapshot], into encoder: inout StateEncoder) {
        encoder.writeCount(hosts.count)
        for entry in hosts {
            encoder.write(entry.host)
            encoder.write(entry.firstSeen)
            encoder.writeCount(entry.countries.count)
            for country in entry.countries { encoder.write(country) }
            encoder.writeCount(entry.pairs.count)
            for pair in entry.pairs {
                encoder.write(pair.image)
                encoder.write(pair.country)
            }
        }
    }

    package static func decode(_ decoder: inout StateDecoder) throws(StateFileError) -> [HostSnapshot] {
        let count = try decoder.readCount("new-country hosts", minimumBytesEach: 4 + 8 + 4 + 4)
        var hosts: [HostSnapshot] = []
        hosts.reserveCapacity(count)
        for _ in 0..<count {
            let host = try decoder.readString("host")
            let firstSeen = try decoder.readTimestamp()
            let countryCount = try decoder.readCount("countries", minimumBytesEach: 2)
            var countries: [UInt16] = []
            countries.reserveCapacity(countryCount)
            for _ in 0..<countryCount { countries.append(try decoder.readUInt16()) }

            let pairCount = try decoder.readCount("image-country pairs", minimumBytesEach: 4 + 2)
            var pairs: [(image: String, country: UInt16)] = []
            pairs.reserveCapacity(pairCount)
            for _ in 0..<pairCount {
                let image = try decoder.readString("image")
                pairs.append((image, try decoder.readUInt16()))
            }
            hosts.append(HostSnapshot(host: host, firstSeen: firstSeen, countries: countries, pairs: pairs))
        }
        try decoder.expectEnd("new-country section")
        return hosts
    }
}
