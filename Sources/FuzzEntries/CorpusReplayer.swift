#if canImport(Glibc)
import Glibc
#endif

/// Runs a fuzz entry over the files named on the command line, so a target built without the
/// fuzzer can replay a corpus or a crash file. A directory argument runs every file in it.
package enum CorpusReplayer {
    /// Replays every file in `arguments` through `entry`; returns the number of files run.
    @discardableResult
    package static func run<Result>(
        _ arguments: [String], _ entry: (UnsafeRawBufferPointer) -> Result
    ) -> Int {
        var count = 0
        for path in arguments {
            for file in files(at: path) {
                guard let bytes = read(file) else {
                    print("cannot read \(file)")
                    continue
                }
                let result = bytes.withUnsafeBytes { entry($0) }
                print("\(file): \(result)")
                count += 1
            }
        }
        return count
    }

    /// `path` itself, or the regular files directly inside it when it is a directory.
    private static func files(at path: String) -> [String] {
        guard let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(path + "/" + name) }
        }
        return names.sorted()
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = fread(&buffer, 1, buffer.count, file)
            if got <= 0 { break }
            bytes += buffer[0..<got]
        }
        return bytes
    }
}
