import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// The saved-state file: a header, then the `SavedState` payload.
///
/// Header, little-endian: the magic `WFPSTATE` (8 bytes), the format version (32 bits), the
/// writing wfpwatch's version (a length-prefixed string), the payload's length (64 bits) and
/// its CRC-32 (32 bits). A file is written to `state.bin.tmp`, synced, renamed over
/// `state.bin`, and the folder synced, so a crash leaves the old file or the new, never half.
package enum StateFile {
    package static let magic: [UInt8] = Array("WFPSTATE".utf8)
    package static let formatVersion: UInt32 = 1
    /// Largest file read back.
    package static let maximumFileBytes = 1 << 30

    // MARK: Encoding

    /// The whole file for `state`.
    package static func encode(_ state: SavedState, writerVersion: String = WFPWatchVersion.string) -> [UInt8] {
        var payload = StateEncoder(reservingBytes: 64 * max(state.keyCount, 16))
        state.encodePayload(into: &payload)

        var file = StateEncoder(reservingBytes: payload.count + 64)
        file.append(raw: magic)
        file.write(formatVersion)
        file.write(writerVersion)
        file.write(UInt64(payload.count))
        file.write(CRC32.checksum(payload.bytes))
        file.append(raw: payload.bytes)
        return file.bytes
    }

    /// The state in `bytes`, or why they are not a state file this build reads.
    package static func decode(_ bytes: UnsafeRawBufferPointer) throws(StateFileError) -> SavedState {
        var decoder = StateDecoder(bytes)
        guard decoder.remainingBytes >= magic.count,
            try decoder.readBytes("magic", count: magic.count).elementsEqual(magic)
        else { throw .badMagic }
        let version = try decoder.readUInt32()
        guard version == formatVersion else { throw .unsupportedVersion(found: version, supported: formatVersion) }
        _ = try decoder.readString("writer version")

        let lengthOffset = decoder.offset
        let length = try decoder.readUInt64()
        let stored = try decoder.readUInt32()
        guard length == UInt64(decoder.remainingBytes) else {
            throw .invalidValue(
                what: "payload length", value: "\(length) with \(decoder.remainingBytes) bytes present",
                offset: lengthOffset)
        }
        let payload = try decoder.readBytes("payload", count: Int(length))
        let computed = CRC32.checksum(payload)
        guard computed == stored else { throw .badChecksum(stored: stored, computed: computed) }

        var payloadDecoder = StateDecoder(payload)
        return try SavedState(decodingPayload: &payloadDecoder)
    }

    /// `decode(_:)` over an array (the file as read).
    package static func decode(_ bytes: [UInt8]) throws(StateFileError) -> SavedState {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(StateFileError) in try decode(buffer) } }
        return try result.get()
    }

    // MARK: Files

    /// The bytes of the file at `path`; nil when there is none.
    package static func read(path: String) throws(StateFileError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw systemError("open", path)
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemError("stat", path) }
        let size = Int(status.st_size)
        guard size <= maximumFileBytes else {
            throw .tooLong(what: "state file", length: size, limit: maximumFileBytes, offset: 0)
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + done, size - done) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                throw got == 0
                    ? .truncated(what: "state file", needed: size, available: done) : systemError("read", path)
            }
            done += got
        }
        return bytes
    }

    /// Writes `bytes` to `path` through `path.tmp` (making missing folders first): write, fsync,
    /// rename, fsync the folder.
    package static func write(_ bytes: [UInt8], path: String) throws(StateFileError) {
        if let failure = ParentFolders.create(for: path) {
            throw .system(operation: "create folder", path: failure.folder, reason: failure.reason)
        }
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw systemError("create", temporary) }

        var done = 0
        while done < bytes.count {
            let wrote = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + done, bytes.count - done) }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else {
                let error = systemError("write", temporary)
                close(descriptor)
                unlink(temporary)
                throw error
            }
            done += wrote
        }
        let synced = fsync(descriptor) == 0
        let syncError = systemError("fsync", temporary)
        close(descriptor)
        guard synced else {
            unlink(temporary)
            throw syncError
        }

        guard rename(temporary, path) == 0 else { throw systemError("rename", temporary) }
        syncFolder(of: path)
    }

    /// Renames a file that could not be read out of the way, to `state.bin.corrupt-<UTC time>`
    /// or `state.bin.version-<n>-<UTC time>`, so a second one does not overwrite the first;
    /// returns the new path, nil when the rename failed.
    package static func setAside(path: String, error: StateFileError, now: Timestamp) -> String? {
        let suffix: String
        if case .unsupportedVersion(let found, _) = error {
            suffix = "version-\(found)-" + compactUTC(now)
        } else {
            suffix = "corrupt-" + compactUTC(now)
        }
        let target = path + "." + suffix
        return rename(path, target) == 0 ? target : nil
    }

    // MARK: Helpers

    private static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let descriptor = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// `20261204T183015Z`.
    private static func compactUTC(_ time: Timestamp) -> String {
        var seconds = time_t(time.secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    private static func systemError(_ operation: String, _ path: String) -> StateFileError {
        .system(operation: operation, path: path, reason: String(cString: strerror(errno)))
    }
}
