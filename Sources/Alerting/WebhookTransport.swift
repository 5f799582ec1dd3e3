import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs one body and waits for the answer, through URLSession (libcurl on Linux), so both
/// http and https receivers work. Called only from a webhook's own delivery thread.
package final class WebhookTransport: Sendable {
    private let session: URLSession

    package init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// The answer to a POST of `body`, classified; a transport failure is a `.retry`.
    package func post(
        url: URL, headers: [(String, String)], body: [UInt8], timeout: Duration
    ) -> WebhookResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }

        let outcome = Mutex<WebhookResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            let answer: WebhookResponse
            if let http = response as? HTTPURLResponse, error == nil {
                answer = WebhookResponse.classify(
                    status: http.statusCode, retryAfterHeader: http.value(forHTTPHeaderField: "Retry-After"),
                    body: data.map { Array($0.prefix(WebhookResponse.bodyPrefixBytes)) } ?? [])
            } else {
                let reason = error.map { "\($0.localizedDescription)" } ?? "no response"
                answer = .retry(status: nil, retryAfter: nil, reason: reason)
            }
            outcome.withLock { $0 = answer }
            done.signal()
        }
        task.resume()
        // URLSession enforces the timeout; this bound only guards against a lost callback.
        if done.wait(timeout: .now() + .seconds(Int(timeout.components.seconds) + 5)) == .timedOut {
            task.cancel()
        }
        return outcome.withLock { $0 } ?? .retry(status: nil, retryAfter: nil, reason: "no response")
    }
}
