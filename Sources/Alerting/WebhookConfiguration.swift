import Foundation
import Detection

/// One webhook: where alerts are POSTed, in what form, signed how, which alerts, and how
/// delivery waits and retries.
public struct WebhookConfiguration: Equatable, Sendable {
    public enum Format: String, Equatable, Sendable {
        /// `{"schema":1,"alerts":[...]}` with each alert in the `AlertJSON` form.
        case json
        /// `{"text":"..."}`, one line per alert, as Slack incoming webhooks take it.
        case slack
    }

    public var name: String
    public var url: String
    public var format: Format = .json
    /// Extra request headers. In a value, `${secret}` is replaced by `secret`.
    public var headers: [Header] = []
    /// Read from `secret_file` or `secret_env`; signs requests and fills `${secret}`. Never logged.
    public var secret: WebhookSecret?
    /// Header carrying `sha256=<HMAC of timestamp "." body>`; sent only with a secret.
    public var signatureHeader = "X-WFPWatch-Signature"
    /// Header carrying the Unix time in seconds that the signature covers.
    public var timestampHeader = "X-WFPWatch-Timestamp"
    /// A request carries at most this many alerts.
    public var batchMaximum = 50
    /// A request waits at most this long for more alerts after the first one.
    public var batchInterval: Duration = .seconds(2)
    /// Whole-request timeout.
    public var timeout: Duration = .seconds(10)
    /// Alerts below this severity are not sent.
    public var minimumSeverity: Severity = .info
    /// When not empty, only alerts of these rules are sent.
    public var rules: Set<String> = []
    /// Alerts a receiver refused for good (4xx other than 408 and 429) are appended here.
    public var deadLetterPath: String?
    /// First wait after a failure; doubled per attempt up to `maximumBackoff`, with jitter.
    public var initialBackoff: Duration = .seconds(1)
    public var maximumBackoff: Duration = .seconds(300)
    /// Alerts held in memory for this webhook during an outage; beyond it, ones the outbox has
    /// already given up are pruned, then the oldest are dropped from memory (logged and counted;
    /// still in the outbox, so sent again after a restart).
    public var maximumQueuedAlerts = 100_000

    public struct Header: Equatable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    /// Whether an alert of `rule` at `severity` goes to this webhook.
    public func accepts(rule: String, severity: Severity) -> Bool {
        severity >= minimumSeverity && (rules.isEmpty || rules.contains(rule))
    }

    /// The headers to send, with `${secret}` filled in.
    func resolvedHeaders() -> [Header] {
        headers.map { header in
            guard let secret, header.value.contains("${secret}") else { return header }
            return Header(name: header.name, value: header.value.replacingAll("${secret}", with: secret.value))
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
