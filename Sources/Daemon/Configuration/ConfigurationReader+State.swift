extension WFPWatchConfiguration {
    /// `state:`: where and how often `serve` saves the correlation state it restores at start.
    public struct StateConfiguration: Equatable, Sendable {
        /// Save on stop and on the interval, restore at start.
        public var enabled = true
        /// Folder of `state.bin`; the unit's StateDirectory.
        public var directory = "/var/lib/wfpwatch"
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

    /// `state: {enabled: true, directory: /var/lib/wfpwatch, save_interval: 5m}`.
    func readState(_ value: ConfigValue) throws(ConfigurationError) -> WFPWatchConfiguration.StateConfiguration {
        let map = try value.mapping(allowedKeys: ["enabled", "directory", "save_interval"])
        var state = WFPWatchConfiguration.StateConfiguration()

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
