import Foundation

/// The bytes one sender connection writes, assembled before the clock starts: its share of the
/// generated lines, a probe event every `probeEvery` lines and `endProbes` probes at the end.
/// A probe is a 5156 event of PowerShell reaching port 4444 from its own host
/// (`bench-probe-<id>`), so it raises an alert that names it; the alert tells when the probe
/// went through the pipeline, and the end probes tell that everything before them did.
struct IngestStream {
    var bytes: [UInt8] = []
    /// Where each message ends (after its newline), to send datagrams one message each.
    var messageEnds: [Int] = []
    /// Probe identifiers with the offset just after each probe.
    var probes: [(id: Int, end: Int)] = []
    var endProbeIDs: [Int] = []

    static let probeMarker = Array("bench-probe-".utf8)
    static let endProbeBase = 900_000_000
    /// Keeps probe hosts unique between runs, so alert suppression never hides a probe.
    static let runBase = Int(getpid() % 100_000) * 1_000_000_000

    /// Splits `lines` (newline-terminated messages) over `count` streams, message `i` to `i % count`.
    static func split(
        _ file: [UInt8], count: Int, probeEvery: Int, endProbes: Int
    ) -> [IngestStream] {
        var streams = [IngestStream](repeating: IngestStream(), count: count)
        let reserve = file.count / count + file.count / 50
        for index in streams.indices { streams[index].bytes.reserveCapacity(reserve) }

        var start = 0
        var lineNumber = 0
        file.withUnsafeBufferPointer { buffer in
            while start < buffer.count {
                let end = (buffer[start...].firstIndex(of: 10) ?? buffer.count - 1) + 1
                let target = lineNumber % count
                streams[target].bytes.append(contentsOf: buffer[start..<end])
                streams[target].messageEnds.append(streams[target].bytes.count)
                lineNumber += 1
                start = end
                if probeEvery > 0 && lineNumber % probeEvery == 0 {
                    streams[target].appendProbe(id: runBase + lineNumber / probeEvery)
                }
            }
        }
        for index in streams.indices {
            for number in 0..<endProbes {
                let id = runBase + endProbeBase + index * 1000 + number
                streams[index].appendProbe(id: id)
                streams[index].endProbeIDs.append(id)
            }
        }
        return streams
    }

    var messageCount: Int { messageEnds.count }

    private mutating func appendProbe(id: Int) {
        let time = IngestClockText(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        let host = "bench-probe-\(id)"
        let json =
            "{\"EventID\":5156,\"SourceName\":\"Microsoft-Windows-Security-Auditing\",\"Channel\":\"Security\","
            + "\"Hostname\":\"\(host)\",\"EventTime\":\"\(time.seconds)\",\"ProcessID\":\"4242\","
            + "\"Application\":\"\\\\device\\\\harddiskvolume2\\\\windows\\\\system32\\\\windowspowershell"
            + "\\\\v1.0\\\\powershell.exe\",\"Direction\":\"%%14593\",\"SourceAddress\":\"10.9.8.7\","
            + "\"SourcePort\":\"50123\",\"DestAddress\":\"203.0.113.\(id % 250 + 1)\",\"DestPort\":\"4444\","
            + "\"Protocol\":\"6\",\"LayerName\":\"%%14611\"}"
        bytes.append(contentsOf: "<14>1 \(time.iso) \(host) NXLog - - - \(json)\n".utf8)
        messageEnds.append(bytes.count)
        probes.append((id, bytes.count))
    }
}
