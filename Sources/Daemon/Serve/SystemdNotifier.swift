import CSystemd

/// Tells systemd about the service's state over `$NOTIFY_SOCKET` (Type=notify). Without the
/// variable (not started by systemd) every call does nothing.
package enum SystemdNotifier {
    @discardableResult
    package static func notify(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }

    package static func ready(status: String) { notify("READY=1\nSTATUS=\(status)") }
    package static func status(_ status: String) { notify("STATUS=\(status)") }
    package static func stopping() { notify("STOPPING=1\nSTATUS=stopping") }
}
