/// A webhook's secret (bearer token, signing key). It prints, dumps and mirrors as
/// `(redacted)`, so no log line, error or `check-config` output can show it by accident.
public struct WebhookSecret: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret itself; read only where it is used (the signature and `${secret}` headers).
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "(redacted)" }
    public var debugDescription: String { "(redacted)" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
