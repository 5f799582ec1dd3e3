/// A configuration file that cannot be used, located by file, line and key:
/// `wfpwatch.yaml:12: listeners[0].port: 70000 is out of range (allowed 1...65535)`.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as it was named on the command line or in the unit.
    public var file: String
    /// 1-based; nil when the error concerns the whole file (it cannot be read).
    public var line: Int?
    /// Dotted path of the key at fault (`detection.high_risk_port.ports[2]`); empty for syntax
    /// errors.
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if !keyPath.isEmpty { text += ": \(keyPath)" }
        return text + ": " + message
    }
}
