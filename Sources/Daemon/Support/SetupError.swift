/// Something `serve` or `replay` could not set up from the configuration (an intel file, an
/// alert file), with the exit status it means.
package struct SetupError: Error, CustomStringConvertible {
    package var message: String
    package var exitCode: ExitCode
    /// The file at fault when it is not the configuration file itself (an intel list), its
    /// 1-based line when one is at fault, and the reason without the location.
    package var file: String?
    package var line: Int?
    package var reason: String?
    /// The configuration key that names the thing at fault (`alerts.outbox.path`), when the
    /// error is about a value of the configuration file itself.
    package var keyPath: String?

    package init(_ message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    package var description: String { message }
}
