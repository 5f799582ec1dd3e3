/// Exit statuses, from sysexits(3).
public enum ExitCode: Int32, Sendable {
    case success = 0
    /// The command line was wrong.
    case usage = 64
    /// An input's contents were wrong (an intel file that cannot be read as addresses).
    case dataError = 65
    /// An input file does not exist or cannot be opened.
    case noInput = 66
    /// A service could not be reached (`status` when nothing answers at the metrics address).
    case unavailable = 69
    /// An internal error.
    case software = 70
    /// Reading or writing failed, or a socket could not be opened.
    case ioError = 74
    /// The configuration file is wrong.
    case configuration = 78
}
