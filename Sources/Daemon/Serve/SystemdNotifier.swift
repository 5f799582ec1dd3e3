import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd about the service's state over `$NOTIFY_SOCKET` (Type=notify). Without the
/// variable (not started by systemd) every call does nothing.
package enum SystemdNotifier {
    @discardableResult
    package static func notify(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }

    package static func ready(status: String) { notify("READY=1\nSTATUS=\(status)") }
    package static func status(_ status: String) { notify("STATUS=\(status)") }
    /// RELOADING=1 with the monotonic time (systemd 253+ matches it to the reload; older
    /// versions take it as information). READY=1 must follow once the reload is done.
    package static func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
        notify("RELOADING=1\nMONOTONIC_USEC=\(microseconds)\nSTATUS=reloading")
    }

    package static func stopping() { notify("STOPPING=1\nSTATUS=stopping") }
}
