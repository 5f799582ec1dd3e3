/// HMAC-SHA256 (RFC 2104) signatures of webhook requests, so a receiver holding the same
/// secret can check that a request came from wfpwatch and reject replays by its timestamp.
///
/// The signed text is `timestamp + "." + body`, where `timestamp` is the Unix time in seconds
/// sent in the timestamp header; the signature header carries `sha256=` and 64 hex digits.
package enum WebhookSignature {
    package static let prefix = "sha256="

    /// The signature header's value for `body` sent at `timestampSeconds`.
    package static func headerValue(secret: [UInt8], timestampSeconds: Int64, body: [UInt8]) -> String {
        var message = Array(String(timestampSeconds).utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        return prefix + hex(hmacSHA256(key: secret, message: message))
    }

    package static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > WebhookSHA256.blockBytes ? WebhookSHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: WebhookSHA256.blockBytes - block.count)

        var inner = WebhookSHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finish()

        var outer = WebhookSHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return outer.finish()
    }

    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
