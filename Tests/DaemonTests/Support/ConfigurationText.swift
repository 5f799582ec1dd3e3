@testable import Daemon

/// `text` read as a configuration file `test.yaml` in /etc/wfpwatch.
func parse(_ text: String) throws(ConfigurationError) -> WFPWatchConfiguration {
    try WFPWatchConfiguration.parse(text, file: "test.yaml", baseDirectory: "/etc/wfpwatch")
}

/// The error `text` is rejected with, as the operator reads it; nil when it is accepted.
func rejection(_ text: String) -> String? {
    do {
        _ = try parse(text)
        return nil
    } catch {
        return error.description
    }
}
