/// Tells the payload formats apart by their first bytes (and the syslog app name for Snare).
enum PayloadSniffer {
    enum Format: Equatable {
        case json
        case eventXML
        case snare
        case renderedText
    }

    /// Opening sentences of the rendered messages of the analysed events.
    private static let renderedOpenings: [StaticString] = [
        "The Windows Filtering Platform has",
        "A new process has been created",
        "A process has exited",
        "Process terminated",
        "Network connection detected",
        "Process Create",
        "Dns query",
    ]

    /// The format `body` (already stripped of leading whitespace) is in; nil for anything that
    /// is not a Windows event.
    static func format(body: UnsafeRawBufferPointer, appName: UnsafeRawBufferPointer?) -> Format? {
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "{") { return .json }
        if startsWith(body, "<Event") || startsWith(body, "<?xml") { return .eventXML }
        if let appName, JSONKeys.equal(appName, "MSWinEventLog") { return .snare }
        if startsWith(body, "MSWinEventLog") { return .snare }
        if renderedOpenings.contains(where: { startsWith(body, $0) }) { return .renderedText }
        return nil
    }

    private static func startsWith(_ bytes: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return bytes.starts(with: UnsafeRawBufferPointer(start: prefix.utf8Start, count: count))
    }
}
