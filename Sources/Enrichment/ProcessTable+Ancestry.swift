import WFPCore

extension ProcessTable {
    /// The known parents of `record`, nearest first: each parent is the process that held the
    /// parent PID when its child started. The walk stops at the first parent whose creation
    /// was not recorded, after `limits.maximumAncestryDepth` steps, or when a record repeats
    /// (a PID chain can loop once PIDs are reused).
    package func ancestry(of record: ProcessRecord) -> [ProcessRecord] {
        var chain: [ProcessRecord] = []
        var visited: Set<Identity> = [Identity(record)]
        var child = record

        while chain.count < limits.maximumAncestryDepth, let parentPID = child.parentPID {
            let image = child.parentImage ?? ""
            guard let parent = process(pid: parentPID, image: image, path: child.parentPath ?? "", at: child.startTime),
                visited.insert(Identity(parent)).inserted
            else { break }
            chain.append(parent)
            child = parent
        }
        return chain
    }

    /// A record's identity within one host: a PID and the time it was taken.
    private struct Identity: Hashable {
        var pid: UInt32
        var startTime: Timestamp

        init(_ record: ProcessRecord) {
            pid = record.pid
            startTime = record.startTime
        }
    }
}
