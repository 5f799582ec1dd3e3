/// Something `serve` or `replay` could not set up from the configuration (an intel file, an
/// alert file), with the exit status it means.
package struct SetupError: Error, CustomStringConvertible {
    package var message: String
    package var exitCode: ExitCode

    package init(_ message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    package var description: String { message }
}
