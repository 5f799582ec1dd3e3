import Receiving

/// What the command line asks for.
package enum Command: Equatable {
    case help(command: String?)
    case version
    case serve(configPath: String?)
    case replay(ReplayOptions)
    case inspect(InspectOptions)
    case timeline(TimelineOptions)
    case checkConfig(path: String?)
    case status(StatusOptions)
}

package struct ReplayOptions: Equatable {
    package var configPath: String?
    package var printStatistics = false
    /// Overrides the zone for zone-less times (otherwise the first listener's).
    package var timeZone: String?
    /// RFC 3339 receive time for every message (otherwise each file's modification time).
    package var receivedAt: String?
    package var files: [String] = []
}

package struct InspectOptions: Equatable {
    /// The listener of `transport` in it gives the message limit and the zone.
    package var configPath: String?
    package var transport: ListenerConfiguration.Transport = .tcp
    package var timeZone: String?
    package var file = "-"
}

/// A command line that cannot be run; exit 64.
package struct UsageError: Error, Equatable, CustomStringConvertible {
    package var message: String
    /// The subcommand whose usage to point at.
    package var command: String?

    package var description: String { message }
}

/// Hand-written parsing of `wfpwatch COMMAND [OPTIONS] [ARGUMENTS]`. Options take their value
/// as the next argument or after `=`; `--` ends the options; `-` is a file (standard input).
package struct CommandLineArguments {
    package static let commands = ["serve", "replay", "inspect", "timeline", "check-config", "status"]

    private var remaining: ArraySlice<String>
    private var command = ""

    /// Parses the arguments after the program name.
    package static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        var parser = CommandLineArguments(remaining: arguments[...])
        return try parser.parseCommand()
    }

    private init(remaining: ArraySlice<String>) {
        self.remaining = remaining
    }

    private mutating func parseCommand() throws(UsageError) -> Command {
        guard let first = remaining.popFirst() else { throw UsageError(message: "no command given", command: nil) }
        switch first {
        case "-h", "--help", "help":
            return .help(command: remaining.first.flatMap { Self.commands.contains($0) ? $0 : nil })
        case "-V", "--version":
            return .version
        default:
            guard Self.commands.contains(first) else {
                throw UsageError(message: "unknown command '\(first)' (commands: \(Self.commands.joined(separator: ", ")))",
                    command: nil)
            }
            command = first
        }
        if remaining.contains("--help") || remaining.contains("-h") { return .help(command: command) }

        switch command {
        case "serve": return try parseServe()
        case "replay": return try parseReplay()
        case "inspect": return try parseInspect()
        case "timeline": return try parseTimeline()
        case "status": return try parseStatus()
        default: return try parseCheckConfig()
        }
    }

    private mutating func parseServe() throws(UsageError) -> Command {
        var configPath: String?
        while let option = try nextOption() {
            switch option.name {
            case "--config": configPath = try value(of: option)
            default: throw unknown(option.name)
            }
        }
        try expectNoOperands()
        return .serve(configPath: configPath)
    }

    private mutating func parseReplay() throws(UsageError) -> Command {
        var options = ReplayOptions()
        while let option = try nextOption() {
            switch option.name {
            case "--config": options.configPath = try value(of: option)
            case "--stats": options.printStatistics = try flag(option)
            case "--time-zone": options.timeZone = try value(of: option)
            case "--received-at": options.receivedAt = try value(of: option)
            default: throw unknown(option.name)
            }
        }
        options.files = Array(remaining)
        guard !options.files.isEmpty else {
            throw UsageError(message: "replay needs at least one FILE ('-' reads standard input)", command: command)
        }
        return .replay(options)
    }

    private mutating func parseInspect() throws(UsageError) -> Command {
        var options = InspectOptions()
        while let option = try nextOption() {
            switch option.name {
            case "--transport":
                let text = try value(of: option)
                guard let transport = ListenerConfiguration.Transport(rawValue: text) else {
                    throw UsageError(message: "--transport '\(text)' is not allowed (allowed: tcp, udp)", command: command)
                }
                options.transport = transport
            case "--config": options.configPath = try value(of: option)
            case "--time-zone": options.timeZone = try value(of: option)
            default: throw unknown(option.name)
            }
        }
        guard remaining.count <= 1 else {
            throw UsageError(message: "inspect reads one FILE (or '-')", command: command)
        }
        options.file = remaining.first ?? "-"
        return .inspect(options)
    }

    private mutating func parseTimeline() throws(UsageError) -> Command {
        var options = TimelineOptions()
        while let option = try nextOption() {
            switch option.name {
            case "--host": options.host = try value(of: option)
            case "--from": options.from = try value(of: option)
            case "--to": options.to = try value(of: option)
            case "--config": options.configPath = try value(of: option)
            case "--time-zone": options.timeZone = try value(of: option)
            default: throw unknown(option.name)
            }
        }
        guard !options.host.isEmpty else { throw UsageError(message: "timeline needs --host HOST", command: command) }
        options.files = Array(remaining)
        guard !options.files.isEmpty else {
            throw UsageError(message: "timeline needs at least one FILE ('-' reads standard input)", command: command)
        }
        return .timeline(options)
    }

    private mutating func parseStatus() throws(UsageError) -> Command {
        var options = StatusOptions()
        while let option = try nextOption() {
            switch option.name {
            case "--metrics": options.metricsURL = try value(of: option)
            case "--config": options.configPath = try value(of: option)
            default: throw unknown(option.name)
            }
        }
        try expectNoOperands()
        return .status(options)
    }

    /// The file as `--config PATH` (like the other commands) or as the one operand.
    private mutating func parseCheckConfig() throws(UsageError) -> Command {
        var configPath: String?
        while let option = try nextOption() {
            switch option.name {
            case "--config": configPath = try value(of: option)
            default: throw unknown(option.name)
            }
        }
        guard remaining.count <= 1 else { throw UsageError(message: "check-config takes one PATH", command: command) }
        if let operand = remaining.first {
            guard configPath == nil else {
                throw UsageError(message: "give the file either as --config PATH or as PATH, not both", command: command)
            }
            configPath = operand
        }
        return .checkConfig(path: configPath)
    }

    // MARK: Options

    private struct Option {
        var name: String
        var inlineValue: String?
    }

    /// The next `--name[=value]`, or nil when the options end (`--`, an operand, or nothing).
    private mutating func nextOption() throws(UsageError) -> Option? {
        guard let next = remaining.first, next.hasPrefix("-"), next != "-" else { return nil }
        remaining.removeFirst()
        if next == "--" { return nil }
        if let equals = next.firstIndex(of: "=") {
            return Option(name: String(next[..<equals]), inlineValue: String(next[next.index(after: equals)...]))
        }
        return Option(name: next, inlineValue: nil)
    }

    private mutating func value(of option: Option) throws(UsageError) -> String {
        if let inline = option.inlineValue { return inline }
        guard let value = remaining.popFirst() else {
            throw UsageError(message: "\(option.name) needs a value", command: command)
        }
        return value
    }

    private func flag(_ option: Option) throws(UsageError) -> Bool {
        guard option.inlineValue == nil else {
            throw UsageError(message: "\(option.name) takes no value", command: command)
        }
        return true
    }

    private func expectNoOperands() throws(UsageError) {
        guard let extra = remaining.first else { return }
        throw UsageError(message: "unexpected argument '\(extra)'", command: command)
    }

    private func unknown(_ name: String) -> UsageError {
        UsageError(message: "unknown option '\(name)' for \(command)", command: command)
    }
}
