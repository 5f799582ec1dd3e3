/// What came of one POST, and what the sink does about it.
package enum WebhookResponse: Equatable, Sendable {
    /// 2xx.
    case delivered(status: Int)
    /// 5xx, 408, 429 or no answer: try again later, after `retryAfter` when the receiver said.
    case retry(status: Int?, retryAfter: Duration?, reason: String)
    /// Another 4xx (or a 3xx the client did not follow): the receiver will never take it.
    case refused(status: Int, bodyPrefix: String)

    /// Bytes of a refusing response's body kept for the log.
    package static let bodyPrefixBytes = 200

    /// Sorts an HTTP answer; `retryAfterHeader` is the raw `Retry-After` value if any.
    package static func classify(status: Int, retryAfterHeader: String?, body: [UInt8]) -> WebhookResponse {
        if (200..<300).contains(status) { return .delivered(status: status) }
        if status >= 500 || status == 408 || status == 429 {
            return .retry(status: status, retryAfter: retryAfter(retryAfterHeader), reason: "HTTP \(status)")
        }
        let prefix = String(decoding: body.prefix(bodyPrefixBytes), as: UTF8.self)
        return .refused(status: status, bodyPrefix: prefix.printableForLog)
    }

    /// `Retry-After` in delay-seconds form; an HTTP-date or garbage is ignored (backoff applies).
    package static func retryAfter(_ header: String?) -> Duration? {
        guard let header else { return nil }
        let trimmed = header.trimmingSpaces
        guard let seconds = Int(trimmed), seconds >= 0 else { return nil }
        return .seconds(min(seconds, 86_400))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: blank).reversed().drop(while: blank).reversed())
    }

    /// Control characters replaced, so a receiver's answer cannot forge log lines.
    fileprivate var printableForLog: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
