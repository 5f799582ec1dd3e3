import WFPCore

/// One series for `high_frequency`: a process image on a host reaching one destination port.
/// Host and image are ids from the caller's intern tables.
struct FrequencyKey: Hashable, Sendable {
    var host: UInt32
    var image: UInt32
    var destination: IPAddress
    var port: UInt16
}

/// One process for `fan_out`: the pid keeps two runs of one image apart.
struct FanOutKey: Hashable, Sendable {
    var host: UInt32
    var image: UInt32
    var pid: UInt32
}

/// What one process reached recently: distinct addresses and distinct ports.
struct FanOutState: Sendable {
    var addresses = FanOutDistinctSet<IPAddress>()
    var ports = FanOutDistinctSet<UInt16>()
    var lastEvent: Timestamp
}
