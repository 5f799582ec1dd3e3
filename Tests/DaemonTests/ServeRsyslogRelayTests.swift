import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// rsyslog as the relay many sites run between Windows forwarders and wfpwatch: logger sends a
// capture to rsyslogd's imtcp input, rsyslogd forwards it with omfwd over TCP (RFC 5424,
// octet-counted) to serve, and the journal gets the alerts replay prints for the file.

/// An `rsyslogd -n` with its own configuration, pid file and work folder in `folder`, stopped
/// with SIGTERM when released.
///
/// It is spawned with an empty signal mask: a test runs on a Dispatch worker thread, which
/// blocks most signals, and a child started with `Process` inherits that mask, so rsyslogd
/// would never see its SIGTERM.
private final class RsyslogRelay {
    let port: UInt16
    private var pid: pid_t = 0
    private var exitStatus: Int32?

    init(folder: URL, port: UInt16, forwardingTo target: UInt16) throws {
        self.port = port
        let configPath = folder.appendingPathComponent("rsyslog.conf").path
        // Only the test's messages (tag nxlog) are forwarded, not rsyslogd's own start notice.
        try """
            global(workDirectory="\(folder.path)" maxMessageSize="64k")
            module(load="imtcp")
            input(type="imtcp" address="127.0.0.1" port="\(port)")
            if $programname == "nxlog" then {
                action(type="omfwd" target="127.0.0.1" port="\(target)" protocol="tcp"
                    TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
            }
            """.write(toFile: configPath, atomically: true, encoding: .utf8)

        let arguments = [
            "/usr/sbin/rsyslogd", "-n", "-f", configPath, "-i", folder.appendingPathComponent("rsyslogd.pid").path,
        ]
        pid = try Self.spawn(arguments)
    }

    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var handledSignals = sigset_t()
        sigemptyset(&handledSignals)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGQUIT] { sigaddset(&handledSignals, number) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &handledSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in [Int32(0), 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_RDWR, 0)
        }

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else { throw SocketError(operation: "spawn \(arguments[0])", code: result) }
        return pid
    }

    /// Waits up to 5 s for the input port to accept a connection.
    func waitUntilListening() -> Bool {
        for _ in 0..<50 {
            if (try? TCPClient(port: port)) != nil { return true }
            usleep(100_000)
        }
        return false
    }

    /// SIGTERM, then the exit status (rsyslogd sends what it queued before it exits).
    func stop() -> Int32 {
        if let exitStatus { return exitStatus }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let exited = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        exitStatus = exited
        return exited
    }

    deinit {
        _ = stop()
    }
}

extension ServeEndToEndTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/rsyslogd"), "rsyslog is not installed"))
    func serve_throughRsyslogRelay_journalsTheAlertsReplayPrints() throws {
        let capture = TestPaths.realCapture("otrf_empire_psinject_peinjection.jsonl")
        let servePort = try LoopbackSockets.freePort()
        let serve = try ServeProcess(listeners: [
            "{name: tcp, transport: tcp, address: 127.0.0.1, port: \(servePort), max_message_bytes: 65536}"
        ])
        let relay = try RsyslogRelay(folder: serve.folder, port: LoopbackSockets.freePort(), forwardingTo: servePort)
        try #require(relay.waitUntilListening(), "rsyslogd did not listen")

        let logger = try Logger.send(capture, transport: "tcp", port: relay.port)
        #expect(logger.status == 0, "logger: \(logger.error)")
        let messages = try lineCount(capture)
        #expect(serve.waitUntilAccounted(messages), "STATUS= never reached \(messages) messages: \(serve.lastStatus)")
        #expect(ServeStatusText.count("not_windows_event ", in: serve.lastStatus) == nil)
        #expect(relay.stop() == 0)
        #expect(serve.stop() == 0)

        let replay = try ProcessRunner.wfpwatch(["replay", "--config", serve.configPath, capture.path])
        let expected = try replay.output.split(separator: "\n").map(ComparableAlert.text(jsonLine:)).sorted()
        let journal = try JournalAlerts.read(pid: serve.pid, atLeast: expected.count)
        #expect(!expected.isEmpty)
        #expect(try journal.map { try ComparableAlert.text($0.alert) }.sorted() == expected)
    }
}
