import WFPCore

/// The allowlist in a form that answers fast: entries of one part sit in sets (images, ports,
/// domain suffixes, address blocks grouped by prefix length); combinations are kept per image,
/// or in a short list when they name no image.
///
/// An entry suppresses a connection when every part it sets matches; an entry that sets no part
/// matches nothing. A domain suffix matches the name itself and every name below it
/// (`example.com` covers `a.example.com`, not `badexample.com`); without a name it cannot match.
public struct Allowlist: Sendable {
    /// Image → what the allowlist says about it: allowed outright, or combinations naming it.
    /// One table, so a connection's image is hashed once.
    private var byImage: [String: ImageEntries] = [:]
    private var ports: Set<UInt16> = []
    private var suffixes: Set<Substring> = []
    /// Prefix length over 128 bits → masked networks.
    private var blocks: [Int: Set<IPAddress>] = [:]
    /// Distinct prefix lengths of `blocks`.
    private var prefixLengths: [Int] = []
    private var otherCombinations: [AllowlistConfiguration.Entry] = []

    /// Entries in use, the shipped defaults included when configured.
    public let entryCount: Int

    public init(configuration: AllowlistConfiguration) {
        var entries = configuration.entries
        if configuration.includeDefaults { entries += AllowlistConfiguration.defaultEntries }
        entryCount = entries.count
        for entry in entries { add(Self.normalized(entry)) }
    }

    /// True when some entry matches the connection. `image` is lower case (as decoders give
    /// it); `name` is the destination's DNS name when known, in any case.
    public func suppresses(image: String, destination: IPAddress, name: String?, port: UInt16) -> Bool {
        let imageEntries = byImage.isEmpty ? nil : byImage[image]
        if imageEntries?.allowed == true || (!ports.isEmpty && ports.contains(port)) || inBlocks(destination) {
            return true
        }

        let name = name.map(Self.normalizedName)
        if let name, !suffixes.isEmpty, hasListedSuffix(name) { return true }
        // Most connections meet no combination entry: the probe is built only for those that do.
        let combinations = imageEntries?.combinations ?? []
        guard !combinations.isEmpty || !otherCombinations.isEmpty else { return false }
        let probe = Probe(image: image, destination: destination, name: name, port: port)
        return combinations.contains(where: probe.matches) || otherCombinations.contains(where: probe.matches)
    }

    /// True when some entry matches what a tracked key knows of its connections: a part given as
    /// nil is unknown (a series keyed by DNS name has no address or port), and an entry that sets
    /// an unknown part does not match. A reload drops the state of the keys this selects.
    public func covers(image: String, destination: IPAddress?, name: String?, port: UInt16?) -> Bool {
        let imageEntries = byImage[image]
        if imageEntries?.allowed == true { return true }
        if let port, ports.contains(port) { return true }
        if let destination, inBlocks(destination) { return true }

        let name = name.map(Self.normalizedName)
        if let name, !suffixes.isEmpty, hasListedSuffix(name) { return true }
        let probe = Probe(image: image, destination: destination, name: name, port: port)
        if let imageEntries, imageEntries.combinations.contains(where: probe.matches) { return true }
        return otherCombinations.contains(where: probe.matches)
    }

    // MARK: Building

    private mutating func add(_ entry: AllowlistConfiguration.Entry) {
        let parts = [entry.image != nil, entry.destination != nil, entry.domainSuffix != nil, entry.port != nil]
        switch parts.filter({ $0 }).count {
        case 0: return
        case 1: addSingle(entry)
        default:
            if let image = entry.image {
                byImage[image, default: ImageEntries()].combinations.append(entry)
            } else {
                otherCombinations.append(entry)
            }
        }
    }

    private mutating func addSingle(_ entry: AllowlistConfiguration.Entry) {
        if let image = entry.image { byImage[image, default: ImageEntries()].allowed = true }
        if let port = entry.port { ports.insert(port) }
        if let suffix = entry.domainSuffix { suffixes.insert(Substring(suffix)) }
        if let block = entry.destination {
            if blocks[block.prefixLength] == nil { prefixLengths.append(block.prefixLength) }
            blocks[block.prefixLength, default: []].insert(Self.mask(block.network, prefixLength: block.prefixLength))
        }
    }

    private static func normalized(_ entry: AllowlistConfiguration.Entry) -> AllowlistConfiguration.Entry {
        var entry = entry
        entry.image = entry.image.map { $0.lowercased() }
        entry.domainSuffix = entry.domainSuffix.map(normalizedName)
        return entry
    }

    // MARK: Matching

    private func inBlocks(_ address: IPAddress) -> Bool {
        for length in prefixLengths where blocks[length]!.contains(Self.mask(address, prefixLength: length)) {
            return true
        }
        return false
    }

    /// Lower case without a trailing dot; copies only when something changes.
    private static func normalizedName(_ name: String) -> String {
        var name = name
        if name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { name = name.lowercased() }
        if name.utf8.last == UInt8(ascii: ".") { name.removeLast() }
        return name
    }

    /// Looks up `a.b.c`, `b.c` and `c`: the name and every name above it, without copies.
    private func hasListedSuffix(_ name: String) -> Bool {
        if suffixes.contains(name[...]) { return true }
        var index = name.utf8.startIndex
        while let dot = name.utf8[index...].firstIndex(of: UInt8(ascii: ".")) {
            index = name.utf8.index(after: dot)
            if suffixes.contains(name[index...]) { return true }
        }
        return false
    }

    /// Keeps the first `prefixLength` bits of the 128-bit form.
    private static func mask(_ address: IPAddress, prefixLength: Int) -> IPAddress {
        let highBits = min(64, prefixLength), lowBits = max(0, prefixLength - 64)
        let highMask: UInt64 = highBits == 0 ? 0 : ~0 << UInt64(64 - highBits)
        let lowMask: UInt64 = lowBits == 0 ? 0 : ~0 << UInt64(64 - lowBits)
        return IPAddress(high: address.high & highMask, low: address.low & lowMask)
    }

    /// One connection (or what a tracked key knows of it) checked against combination entries;
    /// a nil part is unknown and fails every entry that sets it.
    private struct Probe {
        let image: String
        let destination: IPAddress?
        let name: String?
        let port: UInt16?

        func matches(_ entry: AllowlistConfiguration.Entry) -> Bool {
            if let wanted = entry.image, wanted != image { return false }
            if let wanted = entry.port, wanted != port { return false }
            if let block = entry.destination {
                guard let destination, block.contains(destination) else { return false }
            }
            if let suffix = entry.domainSuffix {
                guard let name, Allowlist.name(name, isAtOrBelow: suffix) else { return false }
            }
            return true
        }
    }

    /// Apex semantics: the suffix itself or a name ending in `.suffix`.
    static func name(_ name: String, isAtOrBelow suffix: String) -> Bool {
        guard name.utf8.count >= suffix.utf8.count, name.utf8.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
        else { return false }
        if name.utf8.count == suffix.utf8.count { return true }
        return name.utf8[name.utf8.index(name.utf8.endIndex, offsetBy: -suffix.utf8.count - 1)] == UInt8(ascii: ".")
    }

    /// The entries of one image.
    private struct ImageEntries: Sendable {
        /// An entry names this image alone.
        var allowed = false
        /// Entries naming this image and other parts.
        var combinations: [AllowlistConfiguration.Entry] = []
    }
}
