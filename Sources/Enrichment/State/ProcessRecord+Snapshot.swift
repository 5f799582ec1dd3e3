import WFPCore

extension ProcessRecord {
    /// Bytes one encoded record takes at least: PID, two empty strings, five absent optionals,
    /// the start time, an absent end and the sources.
    package static let minimumSnapshotBytes = 4 + 4 + 4 + 5 + 8 + 1 + 1

    package func encode(into encoder: inout StateEncoder) {
        encoder.write(pid)
        encoder.write(image)
        encoder.write(path)
        encoder.write(optional: commandLine)
        encoder.write(optional: parentPID)
        encoder.write(optional: parentImage)
        encoder.write(optional: parentPath)
        encoder.write(optional: user)
        encoder.write(startTime)
        encoder.write(optional: endTime)
        encoder.write(sources.rawValue)
    }

    package init(decoding decoder: inout StateDecoder) throws(StateFileError) {
        let pid = try decoder.readUInt32()
        let image = try decoder.readString("image")
        let path = try decoder.readString("path")
        let commandLine = try decoder.readOptionalString("command line")
        let parentPID = try decoder.readOptionalUInt32()
        let parentImage = try decoder.readOptionalString("parent image")
        let parentPath = try decoder.readOptionalString("parent path")
        let user = try decoder.readOptionalString("user")
        let startTime = try decoder.readTimestamp()
        let endTime = try decoder.readOptionalTimestamp()
        let sources = Sources(rawValue: try decoder.readUInt8())
        self.init(
            pid: pid, image: image, path: path,
            commandLine: commandLine.map { Self.bounded($0, bytes: Self.maximumCommandLineBytes) },
            parentPID: parentPID, parentImage: parentImage, parentPath: parentPath, user: user, startTime: startTime,
            endTime: endTime, sources: sources)
    }
}

extension ProcessTable {
    /// Every record, oldest inserted first (the order that, recorded again, rebuilds the table
    /// and its eviction order).
    package var recordsInInsertionOrder: [ProcessRecord] {
        recordsByPID.values.joined().sorted { $0.serial < $1.serial }.map(\.record)
    }
}
