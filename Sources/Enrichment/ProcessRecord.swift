import EventDecoding
import WFPCore

/// One process as its creation records describe it (4688, Sysmon 1, or both merged), with its
/// end when a 4689 or Sysmon 5 reported one.
package struct ProcessRecord: Equatable, Sendable {
    /// Which creation records contributed to this one.
    package struct Sources: OptionSet, Equatable, Sendable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Security 4688.
        package static let security = Sources(rawValue: 1)
        /// Sysmon 1.
        package static let sysmon = Sources(rawValue: 2)
    }

    package var pid: UInt32
    /// Lower-cased file name, e.g. `powershell.exe`.
    package var image: String
    /// The path as the record gave it (drive path or drive-less device path).
    package var path: String
    package var commandLine: String?
    package var parentPID: UInt32?
    /// Lower-cased file name of the parent, when the record named it.
    package var parentImage: String?
    package var parentPath: String?
    package var user: String?
    package var startTime: Timestamp
    package var endTime: Timestamp?
    package var sources: Sources

    package init(
        pid: UInt32, image: String, path: String, commandLine: String? = nil, parentPID: UInt32? = nil,
        parentImage: String? = nil, parentPath: String? = nil, user: String? = nil, startTime: Timestamp,
        endTime: Timestamp? = nil, sources: Sources = []
    ) {
        self.pid = pid
        self.image = image
        self.path = path
        self.commandLine = commandLine
        self.parentPID = parentPID
        self.parentImage = parentImage
        self.parentPath = parentPath
        self.user = user
        self.startTime = startTime
        self.endTime = endTime
        self.sources = sources
    }

    /// Longest command line kept (the whole of Empire's encoded launchers fits). Records are
    /// capped in number per host; this caps their size, so a sender cannot grow the table by
    /// sending huge command lines.
    /// Shortcoming: the process tables are bounded by count per host and hosts per worker, not by
    /// a byte budget per worker; a budget would make the worst case independent of host count.
    package static let maximumCommandLineBytes = 8192

    /// `text` cut to at most `bytes` UTF-8 bytes at a character boundary, with `…` marking a cut.
    package static func bounded(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: bytes)
        // Step back out of a multi-byte character: at most three bytes.
        while end > text.startIndex, !text.unicodeScalars.indices.contains(end) {
            end = text.utf8.index(before: end)
        }
        return String(text[..<end]) + "…"
    }

    /// The record a decoded creation event describes; nil when the event names no PID.
    package init?(_ start: ProcessStart, eventID: UInt32, at time: Timestamp) {
        guard let pid = start.process.pid else { return nil }
        let parent = start.parent
        self.init(
            pid: pid, image: start.process.image, path: start.process.path,
            commandLine: start.commandLine.map { Self.bounded($0, bytes: Self.maximumCommandLineBytes) },
            parentPID: parent?.pid, parentImage: Self.present(parent?.image), parentPath: Self.present(parent?.path),
            user: start.user, startTime: time, sources: eventID == 4688 ? .security : .sysmon)
    }

    /// Whether the process ran at `time`: an end strictly before it rules it out.
    package func wasRunning(at time: Timestamp) -> Bool {
        guard let endTime else { return true }
        return endTime >= time
    }

    /// Fills what this record lacks from another record of the same start (4688 and Sysmon 1
    /// of one process). Sysmon's user names carry the domain, so the longer spelling wins.
    package mutating func merge(_ other: ProcessRecord) {
        if image.isEmpty { image = other.image }
        // A drive path reads better in an alert than a drive-less device path.
        if path.isEmpty || (!ImagePath.hasDrive(path) && ImagePath.hasDrive(other.path)) { path = other.path }
        commandLine = commandLine ?? other.commandLine
        parentPID = parentPID ?? other.parentPID
        parentImage = parentImage ?? other.parentImage
        parentPath = parentPath ?? other.parentPath
        if let otherUser = other.user, otherUser.utf8.count > (user?.utf8.count ?? 0) { user = otherUser }

        startTime = min(startTime, other.startTime)
        endTime = endTime ?? other.endTime
        sources.formUnion(other.sources)
    }

    private static func present(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
