import Daemon

print("wfpwatch \(WFPWatchVersion.string)")
