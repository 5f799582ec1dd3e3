/// Non-Windows syslog lines (RFC 3164) of the kinds a collector hears next to forwarded
/// events: sshd, cron, a firewall log from the kernel, systemd and postfix.
enum IngestNoise {
    static func append(_ variant: Int, host: Int, time: IngestClockText, to buffer: inout [UInt8]) {
        let stamp = legacyStamp(time)
        let name = "srv-\(host % 500)"
        let pid = 1000 + variant % 30000
        let octet = variant % 250 + 1
        let line: String
        switch variant % 5 {
        case 0:
            line = "<38>\(stamp) \(name) sshd[\(pid)]: Accepted publickey for deploy from "
                + "10.20.\(octet % 200).\(octet) port \(40000 + variant % 20000) ssh2: "
                + "ED25519 SHA256:q3v9Xk2bWm0tLxR7yQ1aHj5sZ8cF4nD6eUoPiKgT1Bw"
        case 1:
            line = "<78>\(stamp) \(name) CRON[\(pid)]: (root) CMD (/usr/local/bin/rotate-logs --quiet >/dev/null 2>&1)"
        case 2:
            line = "<4>\(stamp) \(name) kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=198.51.100.\(octet) "
                + "DST=10.0.0.\(octet) LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=\(variant % 65536) DF PROTO=TCP "
                + "SPT=\(30000 + variant % 30000) DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0"
        case 3:
            line = "<30>\(stamp) \(name) systemd[1]: Started session-\(variant % 9000).scope - Session of user deploy."
        default:
            line = "<22>\(stamp) \(name) postfix/smtp[\(pid)]: 4F1A2\(variant % 1000): to=<ops@example.org>, "
                + "relay=mail.example.org[192.0.2.25]:25, delay=0.4, status=sent (250 2.0.0 Ok: queued)"
        }
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Aug  7 18:32:11` from `2020-08-07 18:32:11`.
    private static func legacyStamp(_ time: IngestClockText) -> String {
        let bytes = Array(time.seconds.utf8)
        let month = (Int(bytes[5] - 48) * 10 + Int(bytes[6] - 48)) - 1
        let day = Int(bytes[8] - 48) * 10 + Int(bytes[9] - 48)
        let dayText = day < 10 ? " \(day)" : "\(day)"
        return "\(months[month]) \(dayText) \(String(decoding: bytes[11..<19], as: UTF8.self))"
    }
}
