import WFPCore

/// One series for `high_frequency`: a process image on a host reaching one destination port.
struct FrequencyKey: Hashable, Sendable {
    var host: String
    var image: String
    var destination: IPAddress
    var port: UInt16
}

/// One process for `fan_out`: the pid keeps two runs of one image apart.
struct FanOutKey: Hashable, Sendable {
    var host: String
    var image: String
    var pid: UInt32
}

/// What one process reached recently: distinct addresses and distinct ports.
struct FanOutState: Sendable {
    var addresses = FanOutDistinctSet<IPAddress>()
    var ports = FanOutDistinctSet<UInt16>()
    var lastEvent: Timestamp
}
