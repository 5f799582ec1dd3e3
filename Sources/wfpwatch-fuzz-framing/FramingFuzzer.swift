import FuzzEntries

#if FUZZING
import CFuzzerDriver

/// libFuzzer's entry: one input per call (built with `-sanitize=fuzzer -DFUZZING`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFraming(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = FuzzEntries.framing(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// The process entry SwiftPM links `main` to; it runs libFuzzer's driver on `fuzzFraming`.
@_cdecl("wfpwatch_fuzz_framing_main")
public func runFramingFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argumentCount = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&argumentCount, &arguments) { fuzzFraming($0, $1) }
}
#else
/// Without the fuzzer: replays the corpus files or folders named on the command line.
@main
enum FramingReplayer {
    static func main() {
        CorpusReplayer.run(Array(CommandLine.arguments.dropFirst()), FuzzEntries.framing)
    }
}
#endif
