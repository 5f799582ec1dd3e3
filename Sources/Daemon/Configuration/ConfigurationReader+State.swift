import Foundation

extension WFPWatchConfiguration {
    /// `state:`: where and how often `serve` saves the correlation state it restores at start.
    public struct StateConfiguration: Equatable, Sendable {
        /// Save on stop and on the interval, restore at start.
        public var enabled = true
        /// Folder of `state.bin`; the reader's default is `ConfigurationReader.defaultStateFolder()`.
        public var directory = ConfigurationReader.installedStateFolder
        /// Time between saves while running (a save also happens on stop).
        public var saveInterval: Duration = .seconds(300)

        public init() {}

        /// The state file in `directory`.
        public var filePath: String { directory.hasSuffix("/") ? directory + "state.bin" : directory + "/state.bin" }
    }
}

extension ConfigurationReader {
    /// Shortest and longest `state.save_interval`.
    static let saveIntervalRange: ClosedRange<Duration> = .seconds(1) ... .seconds(86_400)

    /// The state folder of the installed configuration (the unit's `StateDirectory=`).
    package static let installedStateFolder = "/var/lib/wfpwatch"

    /// Where `serve` keeps what it writes for itself (saved state, the outbox) unless told:
    /// systemd's `$STATE_DIRECTORY`, else /var/lib/wfpwatch for the installed configuration,
    /// else `state/` under the working directory (a run from the source tree).
    func defaultStateFolder() -> String {
        if let state = ProcessInfo.processInfo.environment["STATE_DIRECTORY"], state.hasPrefix("/") {
            return state
        }
        if baseDirectory == "/etc/wfpwatch" { return Self.installedStateFolder }
        return FileManager.default.currentDirectoryPath + "/state"
    }

    /// `state: {enabled: true, directory: FOLDER, save_interval: 5m}`; without `directory`, the
    /// default state folder.
    func readState(_ value: ConfigValue?) throws(ConfigurationError) -> WFPWatchConfiguration.StateConfiguration {
        var state = WFPWatchConfiguration.StateConfiguration()
        state.directory = defaultStateFolder()
        guard let value else { return state }
        let map = try value.mapping(allowedKeys: ["enabled", "directory", "save_interval"])

        if let enabled = map["enabled"] { state.enabled = try enabled.bool() }
        if let directory = map["directory"] {
            let text = try directory.string()
            guard !text.isEmpty else { throw directory.error("must name a folder") }
            state.directory = resolve(text)
        }
        if let interval = map["save_interval"] {
            state.saveInterval = try interval.duration(in: Self.saveIntervalRange)
        }
        return state
    }
}
