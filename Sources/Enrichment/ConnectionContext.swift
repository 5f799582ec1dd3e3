import WFPCore

/// What the host's memory adds to one connection.
package struct ConnectionContext: Equatable, Sendable {
    /// The creation record of the process that held the connection's PID at its time.
    package var process: ProcessRecord?
    /// The DNS name the remote address came from, when the host resolved it: the destination
    /// of an outbound connection, the source of an inbound one.
    package var remoteName: String?
    /// The end of the CNAME chain behind `remoteName`, when there was one.
    package var remoteCanonicalName: String?

    package init(process: ProcessRecord? = nil, remoteName: String? = nil, remoteCanonicalName: String? = nil) {
        self.process = process
        self.remoteName = remoteName
        self.remoteCanonicalName = remoteCanonicalName
    }

    /// Whether the creation record of the connecting process was in memory.
    package var hasProcessCreation: Bool {
        // A pattern reads the optional in place; `!= nil` would copy the record and retain its strings.
        if case .some = process { return true }
        return false
    }
}
