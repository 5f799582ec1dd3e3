import Testing

@testable import Alerting

struct WebhookResponseTests {
    @Test(arguments: [200, 201, 204])
    func classify_2xx_isDelivered(status: Int) {
        #expect(WebhookResponse.classify(status: status, retryAfterHeader: nil, body: []) == .delivered(status: status))
    }

    @Test(arguments: [408, 429, 500, 502, 503])
    func classify_transientStatus_isRetried(status: Int) {
        guard case .retry(let seen, _, _) = WebhookResponse.classify(status: status, retryAfterHeader: nil, body: [])
        else {
            Issue.record("\(status) not retried")
            return
        }
        #expect(seen == status)
    }

    @Test func classify_400_isRefusedWithPrintableBodyPrefix() {
        let body = Array("bad\nfield".utf8) + [UInt8](repeating: 0x41, count: 500)
        guard
            case .refused(let status, let prefix) = WebhookResponse.classify(
                status: 400, retryAfterHeader: nil, body: body)
        else {
            Issue.record("400 not refused")
            return
        }
        #expect(status == 400)
        #expect(prefix.hasPrefix("bad?field"))
        #expect(prefix.utf8.count == WebhookResponse.bodyPrefixBytes)
    }

    @Test func retryAfter_readsDelaySeconds_andIgnoresDates() {
        #expect(WebhookResponse.retryAfter(" 7 ") == .seconds(7))
        #expect(WebhookResponse.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(WebhookResponse.retryAfter(nil) == nil)
    }

    @Test func backoff_doublesWithinJitterBounds_capsAtMaximum_andHonoursRetryAfterBeyondIt() {
        var backoff = WebhookBackoff(initial: .seconds(1), maximum: .seconds(10))
        #expect(backoff.next(retryAfter: nil, random: 1) == .seconds(1))
        #expect(backoff.next(retryAfter: nil, random: 0) == .seconds(1))
        #expect(backoff.next(retryAfter: nil, random: 1) == .seconds(4))
        #expect(backoff.next(retryAfter: nil, random: 1) == .seconds(8))
        #expect(backoff.next(retryAfter: nil, random: 1) == .seconds(10))
        #expect(backoff.next(retryAfter: .seconds(3), random: 1) == .seconds(3))
        #expect(backoff.next(retryAfter: .seconds(60), random: 1) == .seconds(60))
        #expect(backoff.next(retryAfter: .seconds(86_400), random: 1) == WebhookBackoff.longestRetryAfter)
    }

    @Test func backoff_neverWaitsLessThanInitial_evenWithLowestJitter() {
        var backoff = WebhookBackoff(initial: .seconds(1), maximum: .seconds(10))
        #expect(backoff.next(retryAfter: nil, random: 0) == .seconds(1))
        #expect(backoff.next(retryAfter: nil, random: 0) == .seconds(1))
        #expect(backoff.next(retryAfter: nil, random: 0) == .seconds(2))
        #expect(backoff.next(retryAfter: nil, random: 0.5) == .seconds(6))
    }

    @Test func backoff_secondsText_roundsToMilliseconds() {
        #expect(WebhookBackoff.secondsText(.seconds(0.5823294339478047)) == "0.582")
        #expect(WebhookBackoff.secondsText(.milliseconds(1999.6)) == "2.000")
        #expect(WebhookBackoff.secondsText(.seconds(300)) == "300.000")
        #expect(WebhookBackoff.secondsText(.milliseconds(5)) == "0.005")
    }
}
