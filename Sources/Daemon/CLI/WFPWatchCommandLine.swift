#if canImport(Glibc)
import Glibc
#endif
import WFPCore

/// The `wfpwatch` command: parses the arguments and runs the command. `serve` does not return
/// while it runs; every other command returns its exit status.
public enum WFPWatchCommandLine {
    /// Ignores SIGHUP until `serve` is ready to act on it: a reload asked for during start-up
    /// has nothing to do (the file is being read anyway) and must not end the process.
    public static func ignoreReloadSignalUntilReady() {
        signal(SIGHUP, SIG_IGN)
    }

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
        case .timeline(let options):
            return TimelineCommand.run(options)
        case .status(let options):
            return StatusCommand.run(options)
        }
    }

    /// Validates the file, then makes the checks `serve` makes before opening sockets.
    private static func checkConfig(path: String?) -> ExitCode {
        let configuration: WFPWatchConfiguration
        switch loadConfiguration(path: path, required: true) {
        case .success(let loaded): configuration = loaded
        case .failure(let error):
            StandardStreams.error("\(error)\n")
            return .configuration
        }
        do {
            try ServePreflight.check(configuration)
        } catch {
            StandardStreams.error(located(error, configPath: path ?? WFPWatchConfiguration.defaultPath()) + "\n")
            return error.exitCode
        }
        if let warning = WritablePaths.stateProblem(configuration) {
            StandardStreams.error("warning: " + located(warning, configPath: path ?? WFPWatchConfiguration.defaultPath()) + "\n")
        }
        StandardStreams.output("ok\n")
        return .success
    }

    /// `file:line: key: reason` for an error about a value of the configuration file (a path it
    /// names), like the file's other errors; `wfpwatch: message` otherwise.
    private static func located(_ error: SetupError, configPath: String?) -> String {
        guard let keyPath = error.keyPath, let configPath else { return "wfpwatch: \(error.message)" }
        let text = (try? FileContents.read(path: configPath)).map { String(decoding: $0, as: UTF8.self) }
        let line = text.flatMap { ConfigurationLocator.line(of: keyPath, in: $0) }
        let reason = error.reason ?? error.message
        return ConfigurationError(file: configPath, line: line, keyPath: keyPath, message: reason).description
    }

    /// The configuration at `path`, else at the default location. Without a file: built-in
    /// defaults when `required` is false, an error otherwise.
    package static func loadConfiguration(
        path: String?, required: Bool
    ) -> Result<WFPWatchConfiguration, ConfigurationError> {
        guard let path = path ?? WFPWatchConfiguration.defaultPath() else {
            if !required {
                StandardStreams.error(Self.defaultsNotice)
                return .success(WFPWatchConfiguration())
            }
            return .failure(ConfigurationError(
                file: WFPWatchConfiguration.installedPath, line: nil, keyPath: "",
                message: "not found (nor \(WFPWatchConfiguration.sourceTreePath)); pass --config PATH"))
        }
        return Result { () throws(ConfigurationError) in try WFPWatchConfiguration.load(path: path) }
    }

    /// Said on standard error (standard output carries the command's results).
    package static let defaultsNotice = "wfpwatch: no configuration file (neither \(WFPWatchConfiguration.installedPath) "
        + "nor \(WFPWatchConfiguration.sourceTreePath)); using built-in defaults\n"
}
