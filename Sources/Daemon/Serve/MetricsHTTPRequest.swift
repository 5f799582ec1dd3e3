/// The head of one HTTP/1.x request to the metrics endpoint, read from bytes, and the answer
/// it gets: `GET /metrics` (or HEAD) is served, any other path is 404, any other method 405,
/// and what cannot be read as a request line 400.
package struct MetricsHTTPRequest: Equatable {
    package enum Outcome: Equatable {
        case metrics(headOnly: Bool)
        case notFound
        case methodNotAllowed
        case badRequest
    }

    /// The longest request head read; a longer one is answered 400 without reading on.
    package static let maximumHeadBytes = 8192

    /// Where the head ends (`\r\n\r\n` or a bare `\n\n`), as the index just past it; nil while
    /// the head is incomplete.
    package static func headEnd(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 1..<bytes.count where bytes[index] == 0x0A {
            if bytes[index - 1] == 0x0A { return index + 1 }
            if index >= 3, bytes[index - 1] == 0x0D, bytes[index - 2] == 0x0A, bytes[index - 3] == 0x0D {
                return index + 1
            }
        }
        return nil
    }

    /// The answer to the request whose head (at least its first line) is `bytes`.
    package static func outcome(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        let lineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
        var line = bytes[..<lineEnd]
        if line.last == 0x0D { line = line.dropLast() }

        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].starts(with: "HTTP/1.".utf8), !parts[1].isEmpty else { return .badRequest }
        let method = parts[0]
        var target = parts[1]
        if let query = target.firstIndex(of: 0x3F) { target = target[..<query] }

        let isGet = method.elementsEqual("GET".utf8)
        let isHead = method.elementsEqual("HEAD".utf8)
        guard isGet || isHead else { return .methodNotAllowed }
        guard target.elementsEqual("/metrics".utf8) else { return .notFound }
        return .metrics(headOnly: isHead)
    }
}

extension MetricsHTTPRequest.Outcome {
    /// `200 OK`, `404 Not Found`, ...
    package var statusLine: String {
        switch self {
        case .metrics: "200 OK"
        case .notFound: "404 Not Found"
        case .methodNotAllowed: "405 Method Not Allowed"
        case .badRequest: "400 Bad Request"
        }
    }

    /// The status code as the `code` label of `wfpwatch_metrics_requests_total`.
    package var code: String { String(statusLine.prefix(3)) }
}
