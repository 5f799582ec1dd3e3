import Foundation

/// The inputs the fuzz entries replay: the committed corpus and the shared fixtures, read by
/// path at test time.
enum CorpusFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let sharedDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The files of `Fuzz/corpus/<target>/`.
    static func corpus(_ target: String) throws -> [[UInt8]] {
        try files(in: packageRoot.appendingPathComponent("Fuzz/corpus/\(target)"))
    }

    /// Every `../shared/bug-inputs/*.bin`, by case number.
    static func bugInputs() throws -> [String: [UInt8]] {
        let folder = sharedDirectory.appendingPathComponent("bug-inputs")
        var inputs: [String: [UInt8]] = [:]
        for url in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        where url.pathExtension == "bin" {
            inputs[url.deletingPathExtension().lastPathComponent] = Array(try Data(contentsOf: url))
        }
        return inputs
    }

    /// Every line of every `../shared/data/real/*.jsonl` capture, without its LF.
    static func realCaptureLines() throws -> [[UInt8]] {
        let folder = sharedDirectory.appendingPathComponent("data/real")
        var lines: [[UInt8]] = []
        for url in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        where url.pathExtension == "jsonl" {
            let bytes = Array(try Data(contentsOf: url))
            lines += bytes.split(separator: 0x0A).map(Array.init)
        }
        return lines
    }

    private static func files(in folder: URL) throws -> [[UInt8]] {
        let urls = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        return try urls.sorted { $0.path < $1.path }.map { Array(try Data(contentsOf: $0)) }
    }
}
