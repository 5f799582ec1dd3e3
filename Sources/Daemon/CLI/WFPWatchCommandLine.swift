import WFPCore

/// The `wfpwatch` command: parses the arguments and runs the command. `serve` does not return
/// while it runs; every other command returns its exit status.
public enum WFPWatchCommandLine {
    public static func run(_ arguments: [String]) -> Int32 {
        let command: Command
        do {
            command = try CommandLineArguments.parse(Array(arguments.dropFirst()))
        } catch {
            let helpHint = error.command.map { "wfpwatch \($0) --help" } ?? "wfpwatch --help"
            StandardStreams.error("wfpwatch: \(error.message)\nSee '\(helpHint)'.\n")
            return ExitCode.usage.rawValue
        }
        return execute(command).rawValue
    }

    private static func execute(_ command: Command) -> ExitCode {
        switch command {
        case .help(let name):
            StandardStreams.output(HelpText.text(for: name) + "\n")
            return .success
        case .version:
            StandardStreams.output("wfpwatch \(WFPWatchVersion.string)\n")
            return .success
        case .checkConfig(let path):
            return checkConfig(path: path)
        case .serve(let path):
            return ServeCommand.run(configPath: path)
        case .replay(let options):
            return ReplayCommand.run(options)
        case .inspect(let options):
            return InspectCommand.run(options)
        }
    }

    private static func checkConfig(path: String?) -> ExitCode {
        switch loadConfiguration(path: path, required: true) {
        case .success:
            StandardStreams.output("ok\n")
            return .success
        case .failure(let error):
            StandardStreams.error("\(error)\n")
            return .configuration
        }
    }

    /// The configuration at `path`, else at the default location. Without a file: built-in
    /// defaults when `required` is false, an error otherwise.
    package static func loadConfiguration(
        path: String?, required: Bool
    ) -> Result<WFPWatchConfiguration, ConfigurationError> {
        guard let path = path ?? WFPWatchConfiguration.defaultPath() else {
            if !required { return .success(WFPWatchConfiguration()) }
            return .failure(ConfigurationError(
                file: WFPWatchConfiguration.installedPath, line: nil, keyPath: "",
                message: "not found (nor \(WFPWatchConfiguration.sourceTreePath)); pass --config PATH"))
        }
        return Result { () throws(ConfigurationError) in try WFPWatchConfiguration.load(path: path) }
    }
}
