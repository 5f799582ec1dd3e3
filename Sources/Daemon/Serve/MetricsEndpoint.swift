import Foundation
import Receiving
import WFPCore

/// What `serve` adds for operators besides alerts: the metrics endpoint and the gauges that
/// describe the serving process itself.
package enum MetricsEndpoint {
    /// Publishes the service gauges and, when `metrics.enabled`, starts the endpoint.
    ///
    /// A port that cannot be bound is logged as an error and the service goes on without the
    /// endpoint: alerting matters more than its statistics, and `wfpwatch status` then says it
    /// cannot connect. `refresh` runs before each scrape, for gauges that change with time alone.
    @discardableResult
    package static func start(
        _ configuration: WFPWatchConfiguration, registry: MetricsRegistry, log: Log,
        refresh: @escaping @Sendable () -> Void = {}
    ) -> MetricsHTTPServer? {
        publishServiceGauges(registry, listeners: configuration.listeners)
        let metrics = configuration.metrics
        guard metrics.enabled else { return nil }

        let server = MetricsHTTPServer(
            address: metrics.address, port: metrics.port, registry: registry, log: log, refresh: refresh)
        do {
            try server.start()
        } catch {
            log.log(.error, "metrics endpoint not started", [
                ("address", metrics.listenText), ("reason", error.description),
            ])
            return nil
        }
        return server
    }

    /// `wfpwatch_build_info{version}`, `wfpwatch_start_time_seconds`, `wfpwatch_listeners{transport}`.
    package static func publishServiceGauges(
        _ registry: MetricsRegistry, listeners: [ListenerConfiguration], now: Date = Date()
    ) {
        registry.gauge("wfpwatch_build_info", ["version": WFPWatchVersion.string]).set(1)
        registry.gauge("wfpwatch_start_time_seconds").set(Int(now.timeIntervalSince1970))
        for transport in [ListenerConfiguration.Transport.udp, .tcp] {
            let count = listeners.filter { $0.transport == transport }.count
            registry.gauge("wfpwatch_listeners", ["transport": transport.rawValue]).set(count)
        }
    }
}
