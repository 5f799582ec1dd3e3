import Foundation
import WFPCore

/// Addresses and address blocks from threat-intel files, each remembered with the file it came
/// from.
///
/// Exact addresses sit in one dictionary. Blocks are grouped by prefix length, each group a
/// dictionary of masked networks, so a lookup costs one hash probe per distinct prefix length
/// (at most 129) however many blocks are loaded.
public struct ThreatIntelSet: Sendable, Equatable {
    /// Address → name of the file that listed it.
    private var exact: [IPAddress: String] = [:]
    /// Prefix length over 128 bits → masked network → file name.
    private var blocks: [Int: [IPAddress: String]] = [:]
    /// Distinct prefix lengths, longest first, so the most specific block answers.
    private var prefixLengths: [Int] = []
    /// Lower-case DNS name → file name: `c2.example.test` lists that name only.
    private var names: [String: String] = [:]
    /// Lower-case domain → file name: `*.example.test` lists the domain and every name below it.
    private var domains: [String: String] = [:]

    public init() {}

    /// How many addresses and blocks are loaded.
    public var entryCount: Int {
        exact.count + blocks.values.reduce(0) { $0 + $1.count } + names.count + domains.count
    }

    /// Reads each file: one IP address, CIDR block or DNS name a line; `#` starts a comment,
    /// blank lines are skipped. A name lists itself only (`c2.example.test`); `*.example.test`
    /// lists `example.test` itself and every name below it, and not `badexample.test`. Throws `ThreatIntelError` naming the file and line of the first bad entry.
    public static func load(files: [String]) throws -> ThreatIntelSet {
        var set = ThreatIntelSet()
        for path in files {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ThreatIntelError.unreadable(file: path, reason: "\(error.localizedDescription)")
            }
            try set.add(contentsOf: text, path: path)
        }
        return set
    }

    /// The name (last path component) of the file that lists `address`, or nil.
    public func match(_ address: IPAddress) -> String? {
        if let file = exact[address] { return file }
        for length in prefixLengths {
            if let file = blocks[length]?[Self.mask(address, prefixLength: length)] { return file }
        }
        return nil
    }

    /// The name of the file that lists `name` (a DNS name, any case, trailing dot allowed) or a
    /// domain above it, or nil.
    public func match(name: String) -> String? {
        guard !names.isEmpty || !domains.isEmpty else { return nil }
        var candidate = Self.normalizedName(name)
        if let file = names[candidate] { return file }
        while !candidate.isEmpty {
            if let file = domains[candidate] { return file }
            guard let dot = candidate.firstIndex(of: ".") else { break }
            candidate = String(candidate[candidate.index(after: dot)...])
        }
        return nil
    }

    /// Adds one address, remembering `file` as its source.
    package mutating func insert(_ address: IPAddress, file: String) {
        if exact[address] == nil { exact[address] = file }
    }

    /// Adds one block; a /128 (or IPv4 /32) is stored as an exact address.
    package mutating func insert(_ block: CIDRBlock, file: String) {
        let length = max(0, min(128, block.prefixLength))
        guard length < 128 else { return insert(block.network, file: file) }

        let network = Self.mask(block.network, prefixLength: length)
        if blocks[length] == nil {
            blocks[length] = [:]
            prefixLengths.append(length)
            prefixLengths.sort(by: >)
        }
        if blocks[length]?[network] == nil { blocks[length]?[network] = file }
    }

    private mutating func add(contentsOf text: String, path: String) throws {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let withoutComment = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let entry = withoutComment.trimmingCharacters(in: .whitespacesAndNewlines)
            if entry.isEmpty { continue }

            if entry.contains("/") {
                guard let block = CIDRBlock(entry) else {
                    throw ThreatIntelError.badLine(file: path, line: lineNumber, text: entry)
                }
                insert(block, file: file)
            } else if let address = IPAddress(entry) {
                insert(address, file: file)
            } else if entry.hasPrefix("*."), Self.isDomainName(entry.dropFirst(2)) {
                let domain = Self.normalizedName(String(entry.dropFirst(2)))
                if domains[domain] == nil { domains[domain] = file }
            } else if Self.isDomainName(Substring(entry)) {
                let name = Self.normalizedName(entry)
                if names[name] == nil { names[name] = file }
            } else {
                throw ThreatIntelError.badLine(file: path, line: lineNumber, text: entry)
            }
        }
    }

    private static func normalizedName(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }

    /// Letters, digits, hyphens and underscores in two or more dot-separated labels, the last
    /// not all digits (so a mistyped address such as `10.0.0.300` is an error, not a name).
    private static func isDomainName(_ text: Substring) -> Bool {
        let trimmed = text.hasSuffix(".") ? text.dropLast() : text
        let labels = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let last = labels.last, !last.allSatisfy(\.isNumber) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy(Self.isLabelCharacter)
        }
    }

    private static func isLabelCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_"
    }

    /// Keeps the first `prefixLength` bits of the 128-bit form.
    private static func mask(_ address: IPAddress, prefixLength: Int) -> IPAddress {
        let highBits = min(64, prefixLength), lowBits = max(0, prefixLength - 64)
        let highMask: UInt64 = highBits == 0 ? 0 : ~0 << UInt64(64 - highBits)
        let lowMask: UInt64 = lowBits == 0 ? 0 : ~0 << UInt64(64 - lowBits)
        return IPAddress(high: address.high & highMask, low: address.low & lowMask)
    }
}

/// Why a threat-intel file could not be loaded.
public enum ThreatIntelError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case badLine(file: String, line: Int, text: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "threat intel file \(file) cannot be read: \(reason)"
        case .badLine(let file, let line, let text):
            "threat intel file \(file):\(line): '\(text)' is not an IP address, a CIDR block or a DNS name"
        }
    }
}
