import Foundation

#if canImport(Glibc)
import Glibc
#endif

package struct StatusOptions: Equatable {
    /// `http://127.0.0.1:9514/metrics`, or only `127.0.0.1:9514`; nil: from the configuration.
    package var metricsURL: String?
    package var configPath: String?
}

/// `wfpwatch status`: reads the running daemon's `/metrics` and prints a summary for a human.
/// Exits 69 (unavailable) when nothing answers at the address.
package enum StatusCommand {
    /// Longest answer read, and time allowed to read it.
    package static let maximumResponseBytes = 16 * 1024 * 1024
    package static let timeoutMilliseconds = 5000

    package static func run(_ options: StatusOptions) -> ExitCode {
        let endpoint: (address: String, port: UInt16)
        switch self.endpoint(options) {
        case .success(let found): endpoint = found
        case .failure(let error):
            StandardStreams.error("wfpwatch: \(error.message)\n")
            return error.exitCode
        }

        let body: String
        do {
            body = try fetch(address: endpoint.address, port: endpoint.port)
        } catch {
            StandardStreams.error("wfpwatch: \(error.message)\n")
            return error.exitCode
        }
        let shown = endpoint.address.contains(":") ? "[\(endpoint.address)]" : endpoint.address
        let report = StatusReport(samples: StatusReport.parse(body), now: Date())
        StandardStreams.output(report.text(endpoint: "\(shown):\(endpoint.port)"))
        return .success
    }

    /// The address from `--metrics`, else from the configuration (given or at its default
    /// place), else 127.0.0.1:9514.
    private static func endpoint(_ options: StatusOptions) -> Result<(address: String, port: UInt16), SetupError> {
        if let url = options.metricsURL {
            guard let endpoint = parseURL(url) else {
                return .failure(SetupError(
                    "--metrics '\(url)' is not http://ADDRESS:PORT/metrics with a numeric address", exitCode: .usage))
            }
            return .success(endpoint)
        }
        guard let path = options.configPath ?? WFPWatchConfiguration.defaultPath() else {
            let defaults = WFPWatchConfiguration.MetricsConfiguration()
            return .success((defaults.address, defaults.port))
        }
        do {
            let metrics = try WFPWatchConfiguration.load(path: path).metrics
            return .success((metrics.address, metrics.port))
        } catch {
            return .failure(SetupError("\(error)", exitCode: .configuration))
        }
    }

    /// `http://127.0.0.1:9514/metrics`, `http://[::1]:9514`, `127.0.0.1:9514`.
    package static func parseURL(_ text: String) -> (address: String, port: UInt16)? {
        var rest = Substring(text)
        if rest.hasPrefix("http://") { rest = rest.dropFirst("http://".count) }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/metrics" || rest[slash...] == "/" else { return nil }
            rest = rest[..<slash]
        }
        return MetricsEndpointText.parse(String(rest))
    }

    /// The body of `GET /metrics`; errors say what failed at which address.
    package static func fetch(address: String, port: UInt16) throws(SetupError) -> String {
        let shown = address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
        let descriptor: Int32
        do {
            descriptor = try MetricsSocket.connect(address: address, port: port)
        } catch {
            throw SetupError("\(error.description); is wfpwatch serve running with metrics enabled?",
                exitCode: .unavailable)
        }
        defer { close(descriptor) }
        MetricsSocket.setTimeouts(descriptor, milliseconds: timeoutMilliseconds)

        var request = Array("GET /metrics HTTP/1.1\r\nHost: \(shown)\r\nConnection: close\r\n\r\n".utf8)
        let sent = request.withUnsafeMutableBytes { MetricsSocket.sendAll(descriptor, UnsafeRawBufferPointer($0)) }
        guard sent else { throw SetupError("metrics: \(shown) closed the connection", exitCode: .unavailable) }

        let response = try readAll(descriptor, shown: shown)
        guard let headEnd = response.withUnsafeBytes({ MetricsHTTPRequest.headEnd($0) }) else {
            throw SetupError("metrics: \(shown) sent no HTTP answer", exitCode: .unavailable)
        }
        let statusLine = String(decoding: response.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        guard statusLine.hasPrefix("HTTP/1.1 200") || statusLine.hasPrefix("HTTP/1.0 200") else {
            throw SetupError("metrics: \(shown) answered '\(statusLine)'", exitCode: .unavailable)
        }
        return String(decoding: response[headEnd...], as: UTF8.self)
    }

    private static func readAll(_ descriptor: Int32, shown: String) throws(SetupError) -> [UInt8] {
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return response }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw SetupError("metrics: reading from \(shown) failed: \(String(cString: strerror(errno)))",
                    exitCode: .unavailable)
            }
            response += chunk[..<count]
            guard response.count <= maximumResponseBytes else {
                throw SetupError(
                    "metrics: answer from \(shown) is over \(maximumResponseBytes) bytes", exitCode: .ioError)
            }
        }
    }
}
