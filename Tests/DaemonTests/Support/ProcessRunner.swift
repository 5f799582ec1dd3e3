import Foundation
import Testing

/// Runs the built `wfpwatch` binary and collects what it wrote.
struct ProcessResult {
    var status: Int32
    var output: String
    var error: String
}

enum ProcessRunner {
    /// Runs in `directory` (default: the package root, where config/wfpwatch.yaml is found).
    static func wfpwatch(_ arguments: [String], input: Data? = nil, directory: URL? = nil) throws -> ProcessResult {
        let binary = TestPaths.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build wfpwatch first: swift build")
        return try run(binary, arguments, input: input, directory: directory)
    }

    static func run(
        _ executable: URL, _ arguments: [String], input: Data? = nil, directory: URL? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? TestPaths.packageRoot

        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()

        // Read both pipes while the process runs so that neither can fill up and stall it.
        let errorData = Mutexed<Data>()
        let errorReader = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorData.get() == nil { usleep(1000) }

        return ProcessResult(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData.get() ?? Data(), as: UTF8.self))
    }
}

/// A value set once by one thread and read by another.
final class Mutexed<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?

    init() {}

    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value? { lock.withLock { value } }
}
