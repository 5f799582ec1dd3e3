/// The `--help` texts.
package enum HelpText {
    package static let overview = """
        wfpwatch \(WFPWatchVersion.string): watches Windows connection and process events forwarded
        over syslog and alerts on suspicious ones.

        Usage: wfpwatch COMMAND [OPTIONS]

        Commands:
          serve          receive events from the configured listeners and alert (the service)
          replay         run captured messages through the same detection, alerts to stdout
          inspect        show how each message of a capture is framed, parsed and decoded
          timeline       print what one host did, event by event, from captured messages
          check-config   validate a configuration file
          status         summarize the running service's metrics (listeners, events, alerts)

        Options:
          -h, --help     show this help, or a command's help (wfpwatch replay --help)
          -V, --version  print the version

        The configuration defaults to /etc/wfpwatch/wfpwatch.yaml, or config/wfpwatch.yaml when
        that is absent and wfpwatch runs from its source tree.
        """

    package static func text(for command: String?) -> String {
        switch command {
        case "serve": serve
        case "replay": replay
        case "inspect": inspect
        case "timeline": timeline
        case "check-config": checkConfig
        case "status": status
        default: overview
        }
    }

    private static let serve = """
        Usage: wfpwatch serve [--config PATH]

        Validates the configuration, starts the alert sinks, the detection workers and then the
        listeners, and tells systemd it is ready once every listener is bound. SIGTERM or SIGINT
        stops the listeners, finishes every queued event and alert, and exits 0.

          --config PATH  configuration file
        """

    private static let replay = """
        Usage: wfpwatch replay [--config PATH] [--stats] [--time-zone ZONE] [--received-at TIME] FILE...

        Reads each FILE ('-' is standard input) as a syslog TCP stream (one message a line, or
        octet-counted), runs it through the configured detection with a single worker, and
        prints the alerts as JSON lines on standard output, in input order.

          --config PATH        configuration file (detection, suppression, zone of the first listener)
          --stats              print counts of events, skipped messages, failures, alerts and the
                               correlation state (tracked keys, late events, ...) to stderr
          --time-zone ZONE     zone for times without one: UTC, +02:00, -05:00
          --received-at TIME   receive time for every message, RFC 3339 (default: the file's
                               modification time; now for standard input)
        """

    private static let inspect = """
        Usage: wfpwatch inspect [--config PATH] [--transport tcp|udp] [--time-zone ZONE] [FILE|-]

        Prints one JSON line per message: how it was framed, the syslog header fields, and
        the decoded event or why there is none. With --transport udp the whole input is one
        datagram.

          --config PATH        configuration file; its first listener of the transport gives
                               the longest message and the zone, as serve would use them
          --transport tcp|udp  how to cut the input into messages (default tcp)
          --time-zone ZONE     zone for times without one: UTC, +02:00, -05:00
        """

    private static let timeline = """
        Usage: wfpwatch timeline --host HOST [--from TIME] [--to TIME] [--config PATH]
                                 [--time-zone ZONE] FILE...

        Reads each FILE ('-' is standard input) as replay does (same framing, parsing and
        decoding) and prints the events of HOST in time order, one line each: time, kind
        (process_start, process_end, dns_query, connection), PID, image, and the command line,
        'query → answers' or '→ address:port/protocol (outcome)'. Alerts carry the same lines,
        cut to their process, in their "timeline" key and the WFPWATCH_TIMELINE journal field.

        Only files are read: the running daemon's memory cannot be asked for a timeline.

          --host HOST          the computer name as the events give it (case ignored); a name
                               without a dot also matches the first label of a full name
          --from TIME          leave out events before TIME, RFC 3339 (2020-07-21T23:27:00Z)
          --to TIME            leave out events after TIME, RFC 3339
          --config PATH        configuration file (the zone and message limit of the first listener)
          --time-zone ZONE     zone for times without one: UTC, +02:00, -05:00
        """

    private static let checkConfig = """
        Usage: wfpwatch check-config [--config PATH | PATH]

        Validates the configuration and makes the checks serve makes before it opens sockets,
        then prints 'ok'. Otherwise prints the error and exits as serve would: 78 for the file
        (FILE:LINE: KEY: PROBLEM), 66 for a missing intel file, 65 for a malformed one, 74
        when a file serve writes (JSON lines, outbox, dead letters) could not be written;
        nothing is created. A state folder that cannot be written is a warning only.

          --config PATH  configuration file (default as for serve)
        """

    private static let status = """
        Usage: wfpwatch status [--metrics URL] [--config PATH]

        Reads the running service's Prometheus metrics and prints a summary: version and uptime,
        messages and bytes per listener, events by kind, skipped messages and decode failures,
        alerts by rule and severity, deliveries per sink, queues and the correlation state.
        Exits 69 when nothing answers at the address.

          --metrics URL  http://ADDRESS:PORT/metrics (or ADDRESS:PORT); default: metrics.listen
                         of the configuration, else 127.0.0.1:9514
          --config PATH  configuration file whose metrics.listen to use
        """
}
