/// The checks `serve` makes of a valid configuration before it opens any socket, shared with
/// `check-config` so that the unit's ExecStartPre refuses what `serve` would refuse, with the
/// same exit status: intel files that are missing (66) or malformed (65), and files it writes
/// (JSON lines, outbox, dead letters) that it could not write (74; see `WritablePaths`).
package enum ServePreflight {
    package static func check(_ configuration: WFPWatchConfiguration) throws(SetupError) {
        _ = try RuleAnalyzer.factory(configuration)
        try WritablePaths.check(configuration)
    }
}
