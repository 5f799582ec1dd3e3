import Daemon

#if canImport(Glibc)
import Glibc
#endif

exit(WFPWatchCommandLine.run(CommandLine.arguments))
