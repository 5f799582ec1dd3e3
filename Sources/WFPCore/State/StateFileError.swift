/// Why a saved-state file could not be read. Every case names the bad value and, where there
/// is one, the limit it broke; none is fatal to the daemon, which sets the file aside.
package enum StateFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case badMagic
    /// A format version this build does not read.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    case badChecksum(stored: UInt32, computed: UInt32)
    case truncated(what: String, needed: Int, available: Int)
    case tooLong(what: String, length: Int, limit: Int, offset: Int)
    case invalidValue(what: String, value: String, offset: Int)
    /// The file could not be read or written at all.
    case system(operation: String, path: String, reason: String)

    package var description: String {
        switch self {
        case .badMagic:
            "not a wfpwatch state file (bad magic)"
        case .unsupportedVersion(let found, let supported):
            "format version \(found), this build reads version \(supported)"
        case .badChecksum(let stored, let computed):
            "checksum mismatch: stored \(hex(stored)), computed \(hex(computed))"
        case .truncated(let what, let needed, let available):
            "truncated: \(what) needs \(needed) bytes, \(available) left"
        case .tooLong(let what, let length, let limit, let offset):
            "\(what) of \(length) over the limit of \(limit) at byte \(offset)"
        case .invalidValue(let what, let value, let offset):
            "invalid \(what) '\(value)' at byte \(offset)"
        case .system(let operation, let path, let reason):
            "\(operation) \(path): \(reason)"
        }
    }

    /// A short word for the reason, for log fields and file names.
    package var kind: String {
        switch self {
        case .badMagic: "magic"
        case .unsupportedVersion: "version"
        case .badChecksum: "checksum"
        case .truncated: "truncated"
        case .tooLong: "limit"
        case .invalidValue: "invalid"
        case .system: "system"
        }
    }

    private func hex(_ value: UInt32) -> String {
        "0x" + String(value, radix: 16)
    }
}
