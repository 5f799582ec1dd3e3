// swift-tools-version: 6.0
import PackageDescription

// The targets follow the pipeline: bytes are received and framed, syslog headers parsed,
// payloads decoded into normalized events, detectors run, alerts delivered, and the daemon
// wires it together.
let package = Package(
    name: "wfpwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wfpwatch", targets: ["wfpwatch"]),
        .executable(name: "wfpwatch-bench", targets: ["wfpwatch-bench"]),
        .executable(name: "wfpwatch-fuzz-framing", targets: ["wfpwatch-fuzz-framing"]),
        .executable(name: "wfpwatch-fuzz-syslog", targets: ["wfpwatch-fuzz-syslog"]),
        .executable(name: "wfpwatch-fuzz-payload", targets: ["wfpwatch-fuzz-payload"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSystemd", path: "Sources/CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(
            name: "CYaml", path: "Sources/CYaml", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CMaxMindDB", path: "Sources/CMaxMindDB", pkgConfig: "libmaxminddb",
            providers: [.apt(["libmaxminddb-dev"])]),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),

        // Shared value types: time, addresses, byte scanning.
        .target(name: "WFPCore"),
        // Sockets and framing: bytes in, frames out.
        .target(name: "Receiving", dependencies: ["WFPCore", "COpenSSL"]),
        // RFC 5424 / RFC 3164 headers over a frame.
        .target(name: "SyslogParsing", dependencies: ["WFPCore"]),
        // Payload formats (NXLog, ECS, Azure, Snare, text, XML) into one event model.
        .target(name: "EventDecoding", dependencies: ["WFPCore", "SyslogParsing"]),
        // Per-host process and DNS memory joined onto connections; GeoIP and ASN lookups.
        .target(name: "Enrichment", dependencies: ["WFPCore", "EventDecoding", "CMaxMindDB"]),
        // Detectors over normalized events (and what enrichment adds to them).
        .target(name: "Detection", dependencies: ["WFPCore", "EventDecoding", "Enrichment"]),
        // Alert model, suppression, sinks.
        .target(
            name: "Alerting", dependencies: ["WFPCore", "EventDecoding", "Enrichment", "Detection", "CSystemd"]),
        // Configuration, pipeline, lifecycle and the command line.
        .target(
            name: "Daemon",
            dependencies: [
                "WFPCore", "Receiving", "SyslogParsing", "EventDecoding", "Enrichment", "Detection", "Alerting",
                "CSystemd", "CYaml",
            ]),
        .executableTarget(name: "wfpwatch", dependencies: ["Daemon"]),
        // Benchmark streams with ground truth, and the harness that scores the detectors on them.
        .target(name: "Evaluation", dependencies: ["WFPCore", "EventDecoding", "Detection"]),
        .executableTarget(
            name: "wfpwatch-bench", dependencies: ["Evaluation", "Detection", "EventDecoding", "WFPCore"]),
        // libFuzzer targets (scripts/fuzz); without -DFUZZING each one replays corpus files.
        .target(
            name: "FuzzEntries",
            dependencies: ["WFPCore", "Receiving", "SyslogParsing", "EventDecoding", "Detection"]),
        .systemLibrary(name: "CFuzzerDriver", path: "Sources/wfpwatch-fuzz-driver"),
        .executableTarget(name: "wfpwatch-fuzz-framing", dependencies: ["FuzzEntries", "CFuzzerDriver"]),
        .executableTarget(name: "wfpwatch-fuzz-syslog", dependencies: ["FuzzEntries", "CFuzzerDriver"]),
        .executableTarget(name: "wfpwatch-fuzz-payload", dependencies: ["FuzzEntries", "CFuzzerDriver"]),

        .testTarget(name: "WFPCoreTests", dependencies: ["WFPCore"]),
        .testTarget(name: "ReceivingTests", dependencies: ["Receiving", "WFPCore", "COpenSSL"]),
        .testTarget(name: "SyslogParsingTests", dependencies: ["SyslogParsing", "WFPCore"]),
        .testTarget(name: "EventDecodingTests", dependencies: ["EventDecoding", "SyslogParsing", "WFPCore"]),
        .testTarget(
            name: "EnrichmentTests", dependencies: ["Enrichment", "EventDecoding", "SyslogParsing", "WFPCore"]),
        .testTarget(name: "DetectionTests", dependencies: ["Detection", "Enrichment", "EventDecoding", "WFPCore"]),
        .testTarget(
            name: "AlertingTests", dependencies: ["Alerting", "Detection", "Enrichment", "EventDecoding", "WFPCore"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Detection", "EventDecoding", "WFPCore"]),
        .testTarget(name: "FuzzEntriesTests", dependencies: ["FuzzEntries", "EventDecoding", "SyslogParsing"]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "Alerting", "EventDecoding", "WFPCore"]),
    ],
    swiftLanguageModes: [.v6]
)
