import WFPCore

extension BeaconSeries {
    /// Bytes one encoded series takes at least (its interval count with no intervals).
    package static let minimumSnapshotBytes = 8 * 3 + 4 + 1 + 1 + 1

    /// Writes every field the series times its callbacks with.
    package func encode(into encoder: inout StateEncoder) {
        encoder.write(firstCallbackNanoseconds)
        encoder.write(lastCallbackNanoseconds)
        encoder.write(lastAttemptNanoseconds)
        encoder.write(callbacks)
        encoder.write(UInt8(bitPattern: alertedLevel))
        encoder.write(source)

        let values = intervals.values
        encoder.write(UInt8(values.count))
        for value in values { encoder.write(value) }
    }

    /// Reads a series `encode(into:)` wrote, refusing values the series could never hold.
    package init(decoding decoder: inout StateDecoder) throws(StateFileError) {
        let first = try decoder.readInt64()
        let last = try decoder.readInt64()
        let lastAttempt = try decoder.readInt64()
        let start = decoder.offset
        let callbacks = try decoder.readUInt32()
        let alertedLevel = Int8(bitPattern: try decoder.readUInt8())
        let source = try decoder.readUInt8()
        guard first <= last, last <= lastAttempt, callbacks >= 1, alertedLevel >= -1 else {
            throw .invalidValue(
                what: "beacon series", value: "callbacks \(callbacks), level \(alertedLevel)", offset: start)
        }

        let intervalStart = decoder.offset
        let intervalCount = Int(try decoder.readUInt8())
        guard intervalCount <= BeaconIntervals.capacity, intervalCount < Int(callbacks) else {
            throw .tooLong(
                what: "beacon intervals", length: intervalCount, limit: BeaconIntervals.capacity,
                offset: intervalStart)
        }
        var milliseconds: [UInt32] = []
        milliseconds.reserveCapacity(intervalCount)
        for _ in 0..<intervalCount { milliseconds.append(try decoder.readUInt32()) }

        self.init(firstAttemptNanoseconds: first, source: source)
        self.lastCallbackNanoseconds = last
        self.lastAttemptNanoseconds = lastAttempt
        self.callbacks = callbacks
        self.alertedLevel = alertedLevel
        self.intervals = BeaconIntervals(milliseconds)
    }
}
