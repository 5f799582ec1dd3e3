import Alerting
import Detection
import Foundation

extension ConfigurationReader {
    private static let webhookKeys = [
        "name", "url", "format", "headers", "secret_file", "secret_env", "signature_header", "timestamp_header",
        "batch_max", "batch_interval", "timeout", "min_severity", "rules", "dead_letter", "retry_initial",
        "retry_max",
    ]

    /// `alerts.outbox: {path, max_bytes, keep}`. Without a path the outbox lives in the state
    /// directory: systemd's `$STATE_DIRECTORY`, else /var/lib/wfpwatch for the installed
    /// configuration, else `state/` under the working directory (a run from the source tree).
    func readOutbox(_ value: ConfigValue?) throws(ConfigurationError) -> OutboxConfiguration {
        var outbox = OutboxConfiguration(path: defaultOutboxPath())
        guard let value else { return outbox }
        let map = try value.mapping(allowedKeys: ["path", "max_bytes", "keep"])

        if let path = map["path"] { outbox.path = resolve(try Self.nonEmpty(path)) }
        if let bytes = map["max_bytes"] { outbox.maximumBytes = try bytes.integer(in: 65_536...(1 << 40)) }
        if let keep = map["keep"] { outbox.keep = try keep.choice([("newest", .newest), ("oldest", .oldest)]) }
        return outbox
    }

    private func defaultOutboxPath() -> String {
        defaultStateFolder() + "/outbox.jsonl"
    }

    /// `alerts.webhooks`: a list of webhooks with unique names; dead letters default to
    /// `<name>.dead-letter.jsonl` beside the outbox.
    func readWebhooks(
        _ value: ConfigValue, outbox: OutboxConfiguration
    ) throws(ConfigurationError) -> [WebhookConfiguration] {
        var webhooks: [WebhookConfiguration] = []
        let folder = URL(fileURLWithPath: outbox.path).deletingLastPathComponent().path
        for item in try value.list() {
            var webhook = try readWebhook(item)
            if webhooks.contains(where: { $0.name == webhook.name }) {
                throw item.error("webhook name '\(webhook.name)' is used twice (names must be unique)")
            }
            if webhook.deadLetterPath == nil { webhook.deadLetterPath = folder + "/\(webhook.name).dead-letter.jsonl" }
            webhooks.append(webhook)
        }
        return webhooks
    }

    private func readWebhook(_ value: ConfigValue) throws(ConfigurationError) -> WebhookConfiguration {
        let map = try value.mapping(allowedKeys: Self.webhookKeys)
        var webhook = WebhookConfiguration(
            name: try Self.webhookName(try map.required("name")), url: try Self.webhookURL(try map.required("url")))

        if let format = map["format"] { webhook.format = try format.choice([("json", .json), ("slack", .slack)]) }
        if let headers = map["headers"] { webhook.headers = try Self.headers(headers) }
        webhook.secret = try secret(file: map["secret_file"], environment: map["secret_env"])
        if let name = map["signature_header"] { webhook.signatureHeader = try Self.headerName(name) }
        if let name = map["timestamp_header"] { webhook.timestampHeader = try Self.headerName(name) }

        if let count = map["batch_max"] { webhook.batchMaximum = try count.integer(in: 1...10_000) }
        if let interval = map["batch_interval"] {
            webhook.batchInterval = try interval.duration(in: .zero ... .seconds(3600))
        }
        if let timeout = map["timeout"] { webhook.timeout = try timeout.duration(in: .seconds(1) ... .seconds(600)) }
        if let wait = map["retry_initial"] {
            webhook.initialBackoff = try wait.duration(in: .milliseconds(10) ... .seconds(3600))
        }
        if let wait = map["retry_max"] {
            webhook.maximumBackoff = try wait.duration(in: .milliseconds(10) ... .seconds(86_400))
        }
        if webhook.maximumBackoff < webhook.initialBackoff, let wait = map["retry_max"] {
            throw wait.error("is shorter than retry_initial (\(DurationText.format(webhook.initialBackoff)))")
        }

        if let severity = map["min_severity"] { webhook.minimumSeverity = try Self.severity(severity) }
        if let rules = map["rules"] {
            for rule in try rules.list() { webhook.rules.insert(try Self.nonEmpty(rule)) }
        }
        if let path = map["dead_letter"] { webhook.deadLetterPath = resolve(try Self.nonEmpty(path)) }
        return webhook
    }

    /// The secret from `secret_file` (trailing newline dropped) or `secret_env`; never both.
    /// Errors name the file or variable, never the secret.
    private func secret(
        file: ConfigValue?, environment: ConfigValue?
    ) throws(ConfigurationError) -> WebhookSecret? {
        if let file, let environment {
            throw environment.error("give either secret_file (line \(file.line)) or secret_env, not both")
        }
        if let file {
            let path = resolve(try Self.nonEmpty(file))
            guard let data = FileManager.default.contents(atPath: path) else {
                throw file.error("secret file \(path) cannot be read")
            }
            var text = String(decoding: data, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            guard !text.isEmpty else { throw file.error("secret file \(path) is empty") }
            return WebhookSecret(text)
        }
        if let environment {
            let name = try Self.nonEmpty(environment)
            guard let text = ProcessInfo.processInfo.environment[name], !text.isEmpty else {
                throw environment.error("environment variable \(name) is not set or empty")
            }
            return WebhookSecret(text)
        }
        return nil
    }
}
