import Daemon

#if canImport(Glibc)
import Glibc
#endif

// Before any thread exists, so that every thread inherits it: SIGHUP stays pending until the
// daemon's signal source reads it, whichever thread the kernel would have handed it to.
WFPWatchCommandLine.blockReloadSignal()
exit(WFPWatchCommandLine.run(CommandLine.arguments))
