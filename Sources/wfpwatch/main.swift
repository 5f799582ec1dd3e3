import Daemon

#if canImport(Glibc)
import Glibc
#endif

WFPWatchCommandLine.ignoreReloadSignalUntilReady()
exit(WFPWatchCommandLine.run(CommandLine.arguments))
