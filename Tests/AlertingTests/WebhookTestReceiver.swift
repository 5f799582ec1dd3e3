import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 webhook receiver on 127.0.0.1: Python's `http.server`, answering each POST
/// with the next status of `plan` (then 200), recording every request with its time, headers,
/// body and whether its HMAC signature verifies (checked with Python's own `hmac`).
final class WebhookTestReceiver {
    let port: Int
    let logPath: String
    private let process: Process

    private static let script = """
        import hashlib, hmac, http.server, json, sys, threading, time
        log_path, plan, port, secret = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].encode()
        steps = [s for s in plan.split(",") if s]
        lock = threading.Lock()
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    step = steps.pop(0) if steps else "200"
                code, _, retry = step.partition(":")
                code = int(code)
                stamp = self.headers.get("X-WFPWatch-Timestamp", "")
                mac = hmac.new(secret, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
                verified = hmac.compare_digest("sha256=" + mac, self.headers.get("X-WFPWatch-Signature", ""))
                record = {"time": time.time(), "status": code, "body": body.decode(), "verified": verified,
                          "headers": {k.lower(): v for k, v in self.headers.items()}}
                with lock, open(log_path, "a") as f:
                    f.write(json.dumps(record) + "\\n")
                reply = b'{"ok":true}' if code < 300 else b"refused: alert schema unknown\\n\\x01"
                self.send_response(code)
                if retry:
                    self.send_header("Retry-After", retry)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// Starts a receiver on `port` (0: any free one) and waits until it listens.
    init(plan: String = "", port: Int = 0, secret: String = "", logPath: String? = nil) throws {
        let folder = NSTemporaryDirectory() + "webhook-receiver-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.logPath = logPath ?? folder + "/requests.jsonl"
        let scriptPath = folder + "/receiver.py"
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [scriptPath, self.logPath, plan, String(port), secret]
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let bound = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw ReceiverError.didNotStart(text)
        }
        self.port = bound
    }

    enum ReceiverError: Error { case didNotStart(String) }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Every request recorded so far, in arrival order.
    func requests() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Alert ids in the JSON bodies the receiver answered with 2xx.
    func acceptedAlertIDs() -> [String] {
        requests().filter { ($0["status"] as? Int).map { $0 < 300 } ?? false }.flatMap(Self.alertIDs)
    }

    static func alertIDs(_ request: [String: Any]) -> [String] {
        guard let body = request["body"] as? String,
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let alerts = object["alerts"] as? [[String: Any]]
        else { return [] }
        return alerts.compactMap { $0["alert_id"] as? String }
    }

    /// Polls `condition` every 20 ms for up to `seconds`.
    static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
