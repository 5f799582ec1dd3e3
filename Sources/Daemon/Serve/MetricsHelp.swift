/// The `# HELP` text of each metric the daemon keeps, by name.
package enum MetricsHelp {
    package static func text(for name: String) -> String {
        texts[name] ?? "wfpwatch metric \(name)."
    }

    private static let texts: [String: String] = [
        // Receiving.
        "wfpwatch_received_bytes_total": "Bytes received, per listener.",
        "wfpwatch_received_messages_total": "Syslog messages (frames) received, per listener.",
        "wfpwatch_frames_truncated_total": "Frames cut at max_message_bytes or by the end of their connection.",
        "wfpwatch_connections_accepted_total": "TCP connections accepted, per listener.",
        "wfpwatch_connections_closed_total": "TCP connections closed, per listener and reason.",
        "wfpwatch_connections_refused_total": "TCP connections refused, per listener and reason.",
        "wfpwatch_open_connections": "TCP connections open now, per listener.",
        "wfpwatch_datagrams_refused_total": "UDP datagrams dropped from senders outside allowed_sources.",
        "wfpwatch_udp_kernel_drops_total": "Datagrams the kernel dropped for a full UDP socket buffer, per listener.",
        "wfpwatch_udp_queue_bytes": "Bytes of UDP datagrams read and not yet decoded, per listener.",
        "wfpwatch_udp_queue_full_waits_total": "Times a UDP reader waited for its full decode queue, per listener.",
        "wfpwatch_frames_incomplete_at_stop_total": "TCP frames cut short by the stop, dropped undecoded.",
        "wfpwatch_tls_handshake_failures_total": "TLS handshakes that failed or were refused, per listener and reason.",

        // Parsing and decoding.
        "wfpwatch_events_total": "Messages that became a normalized event, by kind.",
        "wfpwatch_events_skipped_total": "Messages with no event to analyse, by reason.",
        "wfpwatch_parse_failures_total": "Windows events that could not be decoded, by reason.",
        "wfpwatch_truncated_messages_total": "Messages decoded from a truncated frame.",
        "wfpwatch_invalid_utf8_messages_total": "Messages that are not valid UTF-8 (decoded anyway).",

        // Pipeline and detection.
        "wfpwatch_queue_events": "Events waiting in a detection worker's queue.",
        "wfpwatch_queue_full_waits_total": "Times a receiving thread waited for a full worker queue.",
        "wfpwatch_correlation_tracked_keys": "Beacon series tracked now, per worker.",
        "wfpwatch_correlation_evicted_keys_total": "Series dropped to stay under maximum_tracked_keys.",
        "wfpwatch_correlation_expired_keys_total": "Series dropped after idle_expiry.",
        "wfpwatch_correlation_late_events_total": "Events left out of series timing as too late.",
        "wfpwatch_correlation_future_events_total": "Events left out of series timing as too far ahead.",
        "wfpwatch_correlation_reset_keys_total":
            "Tracked keys dropped because a reload changed correlation settings and the engines started empty.",
        "wfpwatch_allowlisted_events_total": "Connections the allowlist silenced.",
        "wfpwatch_enrichment_connections": "Connections seen by enrichment, per worker.",
        "wfpwatch_enrichment_connections_joined": "Connections joined to their process start, per worker.",
        "wfpwatch_enrichment_connections_joinable": "Connections whose process start could be joined, per worker.",
        "wfpwatch_enrichment_connections_named": "Connections named by a DNS answer, per worker.",

        // Alerts and sinks.
        "wfpwatch_alerts_total": "Alerts raised after suppression, by rule and severity.",
        "wfpwatch_sink_deliveries_total": "Alerts delivered, per sink.",
        "wfpwatch_sink_failures_total": "Alert deliveries that failed, per sink.",
        "wfpwatch_allowlist_purged_keys_total": "Correlation keys dropped because a reloaded allowlist covers them.",
        "wfpwatch_allowlist_withdrawn_alerts_total":
            "Undelivered alerts a reloaded allowlist took back, by stage (detection, delivery).",
        "wfpwatch_outbox_entries": "Alerts in the outbox not yet acknowledged by every webhook.",
        "wfpwatch_outbox_bytes": "Size of the outbox file in bytes.",
        "wfpwatch_outbox_oldest_age_seconds": "Age of the oldest pending outbox entry in seconds; 0 when empty.",
        "wfpwatch_outbox_dropped_total": "Alerts dropped because the outbox was full.",
        "wfpwatch_outbox_corrupt_lines_total": "Unreadable outbox lines set aside at start.",
        "wfpwatch_outbox_removed_total": "Pending outbox entries removed without delivery, by reason.",
        "wfpwatch_webhook_requests_delivered_total": "Webhook requests answered with success, per sink.",
        "wfpwatch_webhook_alerts_delivered_total": "Alerts delivered to a webhook, per sink.",
        "wfpwatch_webhook_failures_total": "Webhook requests that failed and will be retried, per sink.",
        "wfpwatch_webhook_retries_total": "Webhook requests retried, per sink.",
        "wfpwatch_webhook_dead_letter_alerts_total": "Alerts a webhook refused, written to its dead-letter file.",
        "wfpwatch_webhook_queue_dropped_total": "Alerts dropped from a webhook's in-memory queue when full.",
        "wfpwatch_webhook_queued_alerts": "Alerts queued in memory for a webhook or being sent now, per sink.",

        // The service itself.
        "wfpwatch_build_info": "Always 1; the version label names the running build.",
        "wfpwatch_start_time_seconds": "Start of the serving process, seconds since the Unix epoch.",
        "wfpwatch_listeners": "Listeners bound, per transport.",
        "wfpwatch_watchdog_stalls_total":
            "Watchdog checks that found a detection worker or the alert dispatcher stuck.",
        "wfpwatch_metrics_requests_total": "HTTP requests to the metrics endpoint, by response status.",
        "wfpwatch_reloads_total": "Configuration reloads (SIGHUP), by result.",
        "wfpwatch_state_saves_total": "Correlation state files written (on the interval and on stop).",
        "wfpwatch_state_save_failures_total": "Correlation state saves that failed; the previous file stays.",
        "wfpwatch_state_last_save_bytes": "Size of the last state file written, in bytes.",
        "wfpwatch_state_saved_keys": "Keys (series, memories, processes, DNS answers) in the last state file.",
        "wfpwatch_state_restored_keys_total": "Keys taken back from the state file at start.",
        "wfpwatch_state_lock_conflicts_total":
            "Starts that found the state folder locked by another serve and ran without saved state.",
        "wfpwatch_state_files_set_aside_total": "State files renamed aside as damaged or of another version, by reason.",
    ]
}
