import Foundation

/// `wfpwatch-bench ingest-generate`: a file of syslog lines in a realistic mix. Windows events
/// are copies of the captured NXLog JSON events in `data` (5156, Sysmon 3, 1 and 22), each
/// given a rotated host, process ID and time and an RFC 5424 header; the rest is Linux noise
/// in RFC 3164 form that a collector receives alongside.
struct IngestGenerator {
    /// Percent of messages of each kind, in order: 5156, Sysmon 3, Sysmon 1, Sysmon 22, noise.
    static let mixPercent = [60, 15, 5, 5, 15]

    private var kinds: [[IngestTemplate]] = [[], [], [], []]
    private var random: SplitMix
    private let hosts: Int
    private let startMilliseconds: Int64

    /// Events start at `startMilliseconds` (Unix time); by default an hour ago, so that a live
    /// receiver takes them as recent.
    init(dataDirectory: String, hosts: Int, seed: UInt64, startMilliseconds: Int64? = nil) throws {
        self.hosts = max(hosts, 1)
        random = SplitMix(seed: seed)
        self.startMilliseconds = startMilliseconds ?? Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
        let files = try FileManager.default.contentsOfDirectory(atPath: dataDirectory)
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        for file in files {
            let text = try String(contentsOfFile: dataDirectory + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") { add(Array(line.utf8), text: line) }
        }
        guard kinds.allSatisfy({ !$0.isEmpty }) else {
            throw BenchArguments.Failure.missingValue("captures with 5156 and Sysmon 3, 1, 22 in \(dataDirectory)")
        }
    }

    private mutating func add(_ bytes: [UInt8], text: Substring) {
        let sysmon = text.contains("\"Microsoft-Windows-Sysmon\"")
        func isEvent(_ id: String) -> Bool {
            text.contains("\"EventID\":\(id),") || text.contains("\"EventID\":\(id)}")
        }
        let kind: Int? =
            isEvent("5156") ? 0 : !sysmon ? nil : isEvent("3") ? 1 : isEvent("1") ? 2 : isEvent("22") ? 3 : nil
        guard let kind, let template = IngestTemplate(jsonLine: bytes) else { return }
        kinds[kind].append(template)
    }

    var templateCounts: [Int] { kinds.map(\.count) }

    /// Writes `messages` lines to `path`, one millisecond of event time apart.
    mutating func write(messages: Int, to path: String) throws {
        guard let file = fopen(path, "w") else { throw BenchArguments.Failure.missingValue("writable \(path)") }
        defer { fclose(file) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        for index in 0..<messages {
            appendMessage(index, to: &buffer)
            if buffer.count >= 1 << 22 {
                fwrite(buffer, 1, buffer.count, file)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        fwrite(buffer, 1, buffer.count, file)
    }

    private mutating func appendMessage(_ index: Int, to buffer: inout [UInt8]) {
        let time = IngestClockText(milliseconds: startMilliseconds + Int64(index))
        let host = Int(random.next() % UInt64(hosts))
        var roll = Int(random.next() % 100)
        var kind = 0
        while kind < Self.mixPercent.count - 1 && roll >= Self.mixPercent[kind] {
            roll -= Self.mixPercent[kind]
            kind += 1
        }
        guard kind < kinds.count else {
            IngestNoise.append(Int(random.next() % 1_000_000), host: host, time: time, to: &buffer)
            return
        }

        let templates = kinds[kind]
        let template = templates[Int(random.next() % UInt64(templates.count))]
        let hostName = Array("ws-\(host).bench.example".utf8)
        buffer.append(contentsOf: "<14>1 \(time.iso) ws-\(host).bench.example NXLog - - - ".utf8)
        for piece in template.pieces {
            switch piece {
            case .literal(let bytes): buffer.append(contentsOf: bytes)
            case .slot(.host): buffer.append(contentsOf: hostName)
            case .slot(.secondsTime): buffer.append(contentsOf: time.seconds.utf8)
            case .slot(.millisecondsTime): buffer.append(contentsOf: time.milliseconds.utf8)
            case .slot(.isoTime): buffer.append(contentsOf: time.iso.utf8)
            case .slot(.processID(let pid)): buffer.append(contentsOf: String((pid + host * 8) % 1_000_000).utf8)
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }
}

/// One instant in the three text forms the captures use.
struct IngestClockText {
    let seconds: String
    let milliseconds: String
    let iso: String

    init(milliseconds epochMilliseconds: Int64) {
        var time = time_t(epochMilliseconds / 1000)
        var civil = tm()
        gmtime_r(&time, &civil)
        let date = String(
            format: "%04d-%02d-%02d", Int(civil.tm_year) + 1900, Int(civil.tm_mon) + 1, Int(civil.tm_mday))
        let clock = String(format: "%02d:%02d:%02d", Int(civil.tm_hour), Int(civil.tm_min), Int(civil.tm_sec))
        let fraction = String(format: "%03d", Int(epochMilliseconds % 1000))
        seconds = "\(date) \(clock)"
        milliseconds = "\(date) \(clock).\(fraction)"
        iso = "\(date)T\(clock).\(fraction)Z"
    }
}

/// A small fixed-seed generator, so two runs write the same file.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
