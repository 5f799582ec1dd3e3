import Testing

@testable import Alerting

struct WebhookSignatureTests {
    private func hex(_ text: String) -> String { WebhookSignature.hex(WebhookSHA256.digest(Array(text.utf8))) }

    @Test func sha256_matchesFIPS180Examples() {
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// 55 bytes leave room for the length in the last block, 56 do not, 64 fill one exactly.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256_handlesLengthsAroundBlockBoundaries(count: Int, expected: String) {
        #expect(hex(String(repeating: "a", count: count)) == expected)
    }

    @Test(arguments: [
        (
            [UInt8](repeating: 0x0b, count: 20), "Hi There",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            Array("Jefe".utf8), "what do ya want for nothing?",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            [UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            [UInt8](repeating: 0xaa, count: 131),
            "This is a test using a larger than block-size key and a larger than block-size data. "
                + "The key needs to be hashed before being used by the HMAC algorithm.",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ])
    func hmacSHA256_matchesRFC4231Vectors(key: [UInt8], data: String, expected: String) {
        #expect(WebhookSignature.hex(WebhookSignature.hmacSHA256(key: key, message: Array(data.utf8))) == expected)
    }

    @Test func headerValue_signsTimestampDotBody() {
        let body = Array("{\"schema\":1,\"alerts\":[]}".utf8)
        let value = WebhookSignature.headerValue(
            secret: Array("s3cret".utf8), timestampSeconds: 1_700_000_000, body: body)
        let expected = WebhookSignature.hmacSHA256(
            key: Array("s3cret".utf8), message: Array("1700000000.".utf8) + body)
        #expect(value == "sha256=" + WebhookSignature.hex(expected))
        let other = WebhookSignature.headerValue(
            secret: Array("s3cret".utf8), timestampSeconds: 1_700_000_001, body: body)
        #expect(other != value)
    }
}
