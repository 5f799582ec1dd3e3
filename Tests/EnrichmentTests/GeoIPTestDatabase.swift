import Foundation
import WFPCore

/// A value of the MaxMind DB data section, as the test databases need them.
indirect enum MMDBValue {
    case string(String)
    case uint16(UInt16)
    case uint32(UInt32)
    case uint64(UInt64)
    case boolean(Bool)
    case double(Double)
    case map([(String, MMDBValue)])
    case array([MMDBValue])
    /// A reference to a value stored before, by its data-section offset (how real files share
    /// repeated maps such as `names`).
    case pointer(UInt32)
}

/// A minimal MaxMind DB (format 2.0) writer, so tests build their `.mmdb` files themselves.
///
/// Layout: a binary search tree of `nodeCount` nodes, each two records of `recordBits` bits
/// (left for a 0 bit, right for a 1 bit); a record below `nodeCount` is a node, equal to it
/// means "no data", above it points into the data section at `record - nodeCount - 16`. Then 16
/// zero bytes, the data section, the `\xAB\xCD\xEFMaxMind.com` marker and the metadata map.
/// IPv4 networks of an IPv6 tree live under `::/96`.
struct MMDBTestWriter {
    enum Record: Equatable {
        case empty
        case node(Int)
        case data(UInt32)
    }

    let databaseType: String
    let ipVersion: Int
    let recordBits: Int
    private(set) var data: [UInt8] = []
    private(set) var nodes: [[Record]] = [[.empty, .empty]]

    init(databaseType: String, ipVersion: Int = 6, recordBits: Int = 24) {
        self.databaseType = databaseType
        self.ipVersion = ipVersion
        self.recordBits = recordBits
    }

    /// Appends `value` to the data section and returns its offset.
    mutating func store(_ value: MMDBValue) -> UInt32 {
        let offset = UInt32(data.count)
        Self.encode(value, into: &data)
        return offset
    }

    /// Points every address of `network` (`203.0.113.0/24`, `2001:db8::/32`) at `offset`.
    mutating func insert(_ network: String, offset: UInt32) {
        let block = CIDRBlock(network)!
        let isIPv4 = block.network.isIPv4 && !network.contains(":")
        let (high, low, length): (UInt64, UInt64, Int)
        if ipVersion == 4 {
            precondition(isIPv4, "an IPv4 tree holds only IPv4 networks")
            (high, low, length) = (block.network.low << 32, 0, block.prefixLength - 96)
        } else if isIPv4 {
            (high, low, length) = (0, block.network.low & 0xFFFF_FFFF, block.prefixLength)
        } else {
            (high, low, length) = (block.network.high, block.network.low, block.prefixLength)
        }
        insert(bit: { index in
            let half = index < 64 ? high : low
            return (half >> (63 - UInt64(index % 64))) & 1 == 1
        }, length: length, record: .data(offset))
    }

    /// Sets one raw record, for corrupt files.
    mutating func setRecord(node: Int, side: Int, _ record: Record) {
        nodes[node][side] = record
    }

    /// The whole file.
    func bytes() -> [UInt8] {
        var file: [UInt8] = []
        let nodeCount = UInt64(nodes.count)
        for node in nodes {
            for record in node {
                let value: UInt64
                switch record {
                case .empty: value = nodeCount
                case .node(let index): value = UInt64(index)
                case .data(let offset): value = nodeCount + 16 + UInt64(offset)
                }
                Self.appendBigEndian(value, byteCount: recordBits / 8, to: &file)
            }
        }
        file += [UInt8](repeating: 0, count: 16)
        file += data
        file += [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)
        Self.encode(metadata, into: &file)
        return file
    }

    /// Writes the file to a fresh temporary path and returns the path.
    func write(named name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wfpwatch-geoip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes()).write(to: url)
        return url.path
    }

    // MARK: Steps

    private var metadata: MMDBValue {
        .map([
            ("binary_format_major_version", .uint16(2)),
            ("binary_format_minor_version", .uint16(0)),
            ("build_epoch", .uint64(1_700_000_000)),
            ("database_type", .string(databaseType)),
            ("description", .map([("en", .string("wfpwatch test database"))])),
            ("ip_version", .uint16(UInt16(ipVersion))),
            ("languages", .array([.string("en")])),
            ("node_count", .uint32(UInt32(nodes.count))),
            ("record_size", .uint16(UInt16(recordBits))),
        ])
    }

    private mutating func insert(bit: (Int) -> Bool, length: Int, record: Record) {
        var node = 0
        for depth in 0..<length {
            let side = bit(depth) ? 1 : 0
            if depth == length - 1 {
                nodes[node][side] = record
                return
            }
            switch nodes[node][side] {
            case .node(let next):
                node = next
            case .empty:
                nodes.append([.empty, .empty])
                nodes[node][side] = .node(nodes.count - 1)
                node = nodes.count - 1
            case .data:
                preconditionFailure("test networks must not overlap")
            }
        }
    }

    private static func encode(_ value: MMDBValue, into out: inout [UInt8]) {
        switch value {
        case .string(let text):
            let bytes = Array(text.utf8)
            appendControl(type: 2, size: bytes.count, to: &out)
            out += bytes
        case .double(let number):
            appendControl(type: 3, size: 8, to: &out)
            appendBigEndian(number.bitPattern, byteCount: 8, to: &out)
        case .uint16(let number): appendUnsigned(type: 5, UInt64(number), to: &out)
        case .uint32(let number): appendUnsigned(type: 6, UInt64(number), to: &out)
        case .uint64(let number): appendUnsigned(type: 9, number, to: &out)
        case .boolean(let flag): appendControl(type: 14, size: flag ? 1 : 0, to: &out)
        case .map(let pairs):
            appendControl(type: 7, size: pairs.count, to: &out)
            for (key, item) in pairs {
                encode(.string(key), into: &out)
                encode(item, into: &out)
            }
        case .array(let items):
            appendControl(type: 11, size: items.count, to: &out)
            for item in items { encode(item, into: &out) }
        case .pointer(let offset):
            // Size bits 11: the pointer is the next four bytes as they stand.
            out.append(0b0011_1000)
            appendBigEndian(UInt64(offset), byteCount: 4, to: &out)
        }
    }

    private static func appendUnsigned(type: Int, _ number: UInt64, to out: inout [UInt8]) {
        let byteCount = (64 - number.leadingZeroBitCount + 7) / 8
        appendControl(type: type, size: byteCount, to: &out)
        appendBigEndian(number, byteCount: byteCount, to: &out)
    }

    /// Type in the top three bits (0 and a following byte of `type - 7` for extended types),
    /// size in the low five: literal below 29, else 29/30/31 with one to three more bytes.
    private static func appendControl(type: Int, size: Int, to out: inout [UInt8]) {
        let (sizeBits, extra): (Int, [UInt8]) =
            switch size {
            case ..<29: (size, [])
            case ..<285: (29, [UInt8(size - 29)])
            case ..<65_821: (30, [UInt8((size - 285) >> 8), UInt8((size - 285) & 0xFF)])
            default:
                (31, [UInt8((size - 65_821) >> 16), UInt8((size - 65_821) >> 8 & 0xFF), UInt8((size - 65_821) & 0xFF)])
            }
        out.append(UInt8((type <= 7 ? type : 0) << 5 | sizeBits))
        if type > 7 { out.append(UInt8(type - 7)) }
        out += extra
    }

    private static func appendBigEndian(_ value: UInt64, byteCount: Int, to out: inout [UInt8]) {
        for index in stride(from: byteCount - 1, through: 0, by: -1) {
            out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))))
        }
    }
}
