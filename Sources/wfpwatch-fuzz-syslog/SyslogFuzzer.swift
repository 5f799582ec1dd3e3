import FuzzEntries

#if FUZZING
import CFuzzerDriver

/// libFuzzer's entry: one input per call (built with `-sanitize=fuzzer -DFUZZING`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSyslog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = FuzzEntries.syslogHeader(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// The process entry SwiftPM links `main` to; it runs libFuzzer's driver on `fuzzSyslog`.
@_cdecl("wfpwatch_fuzz_syslog_main")
public func runSyslogFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argumentCount = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&argumentCount, &arguments) { fuzzSyslog($0, $1) }
}
#else
/// Without the fuzzer: replays the corpus files or folders named on the command line.
@main
enum SyslogReplayer {
    static func main() {
        CorpusReplayer.run(Array(CommandLine.arguments.dropFirst()), FuzzEntries.syslogHeader)
    }
}
#endif
