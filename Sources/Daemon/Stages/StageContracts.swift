import Receiving

/// Cuts a byte stream into frames (newline or octet-counted). Replay and inspect read files
/// through it exactly as a TCP connection is read.
package protocol StreamFraming {
    mutating func consume(_ chunk: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void)
    /// The stream ended: hands on a final unterminated frame, if any.
    mutating func finish(_ emit: (UnsafeRawBufferPointer, FrameInfo) -> Void)
}

/// A started or startable listener, whatever its transport.
package struct ListenerHandle: Sendable {
    package var name: String
    package var start: @Sendable () throws -> Void
    package var stop: @Sendable () -> Void
    /// The port actually bound (differs from the configured one only for port 0).
    package var boundPort: @Sendable () -> UInt16?

    package init(
        name: String, start: @escaping @Sendable () throws -> Void, stop: @escaping @Sendable () -> Void,
        boundPort: @escaping @Sendable () -> UInt16?
    ) {
        self.name = name
        self.start = start
        self.stop = stop
        self.boundPort = boundPort
    }
}

/// A stage that could not be set up from the configuration, with the exit status it means.
package struct StageSetupError: Error, CustomStringConvertible {
    package var message: String
    package var exitCode: ExitCode

    package init(_ message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    package var description: String { message }
}
