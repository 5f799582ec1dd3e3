import Testing
import WFPCore

@testable import Evaluation

/// Monday 2024-01-08 00:00 UTC.
private let monday = Timestamp(secondsSinceEpoch: 1_704_672_000)

private func times(of schedule: PeriodicSchedule, seed: UInt64 = 7) -> [Timestamp] {
    var schedule = schedule
    var random = SplitMix64(seed: seed)
    var times: [Timestamp] = []
    while let step = schedule.next(using: &random) {
        times.append(step.time)
    }
    return times
}

private func intervalsSeconds(_ times: [Timestamp]) -> [Double] {
    zip(times.dropFirst(), times).map { Double(($0 - $1).nanosecondsTotal) / 1e9 }
}

@Test func splitMix64_matchesReferenceSequence_forSeedZero() {
    var random = SplitMix64(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
}

@Test func periodicSchedule_keepsIntervalsWithinJitterBounds_whenJitterIsThirtyPercent() {
    let schedule = PeriodicSchedule(
        period: .seconds(60), jitter: 0.3, missedShare: 0, workHours: nil, callbackLimit: 2000, start: monday,
        end: Timestamp(nanosecondsSinceEpoch: .max), duplicateShare: 0)
    let intervals = intervalsSeconds(times(of: schedule))

    #expect(intervals.count == 1999)
    #expect(intervals.allSatisfy { $0 >= 42 && $0 <= 78 })
    // The whole band is used, not only its middle.
    #expect(intervals.min()! < 43 && intervals.max()! > 77)
}

@Test func periodicSchedule_dropsConfiguredShareOfCallbacks_whenMissedIsTwentyPercent() {
    let schedule = PeriodicSchedule(
        period: .seconds(10), jitter: 0, missedShare: 0.2, workHours: nil, callbackLimit: 5000, start: monday,
        end: Timestamp(nanosecondsSinceEpoch: .max), duplicateShare: 0)
    let intervals = intervalsSeconds(times(of: schedule))

    // Without jitter every interval is a whole number of periods; the extra periods were missed.
    #expect(intervals.allSatisfy { $0.truncatingRemainder(dividingBy: 10) == 0 })
    let missed = intervals.reduce(0) { $0 + $1 / 10 - 1 }
    let share = missed / (missed + Double(intervals.count))
    #expect(abs(share - 0.2) < 0.02)
}

@Test func periodicSchedule_logsDuplicatesWithinASecond_andCountsThemAsOneCallback() {
    var schedule = PeriodicSchedule(
        period: .seconds(30), jitter: 0.1, missedShare: 0, workHours: nil, callbackLimit: 400, start: monday,
        end: Timestamp(nanosecondsSinceEpoch: .max), duplicateShare: 0.5)
    var random = SplitMix64(seed: 3)
    var callbacks = 0
    var duplicates = 0
    var previous = monday
    while let step = schedule.next(using: &random) {
        if step.isCallback {
            callbacks += 1
        } else {
            duplicates += 1
            #expect((step.time - previous) < .seconds(1))
        }
        previous = step.time
    }

    #expect(callbacks == 400)
    #expect(duplicates > 150 && duplicates < 250)
}

@Test func periodicSchedule_callsOnlyInOfficeHours_whenWorkHoursOnly() {
    let newYork = WorkHours(utcOffsetSeconds: -18_000)
    let schedule = PeriodicSchedule(
        period: .seconds(300), jitter: 0.3, missedShare: 0.1, workHours: newYork, callbackLimit: 1000,
        start: monday, end: Timestamp(nanosecondsSinceEpoch: .max), duplicateShare: 0)
    let callbackTimes = times(of: schedule)

    #expect(callbackTimes.count == 1000)
    #expect(callbackTimes.allSatisfy(newYork.contains))
    // Over two and a half weeks the nights and the weekend are skipped.
    let span = callbackTimes.last! - callbackTimes.first!
    #expect(span > .seconds(14 * 86_400))
}

@Test func workHours_containsWeekdayOfficeHours_inTheHostsZone() {
    let newYork = WorkHours(utcOffsetSeconds: -18_000)
    // Monday 09:00 in New York is 14:00 UTC.
    #expect(newYork.contains(monday + .seconds(14 * 3600)))
    #expect(!newYork.contains(monday + .seconds(14 * 3600 - 1)))
    #expect(newYork.contains(monday + .seconds(22 * 3600 - 1)))
    #expect(!newYork.contains(monday + .seconds(22 * 3600)))
    // Saturday 2024-01-13 at noon in New York.
    #expect(!newYork.contains(monday + .seconds(5 * 86_400 + 17 * 3600)))
}

@Test func poissonSchedule_keepsMeanRateWithinThreePercent_whenHomogeneous() {
    let always = WorkHours(utcOffsetSeconds: 0)
    var schedule = PoissonSchedule(
        meanGapSeconds: 60, offHoursFactor: 1, workHours: always, burstMean: 0, start: monday,
        end: monday + .seconds(10 * 86_400))
    var random = SplitMix64(seed: 11)
    var gaps: [Double] = []
    var previous = monday
    while let step = schedule.next(using: &random) {
        gaps.append(Double((step.time - previous).nanosecondsTotal) / 1e9)
        previous = step.time
    }

    #expect(abs(Double(gaps.count) - 14_400) < 14_400 * 0.03)
    // Exponential gaps: the standard deviation equals the mean.
    let mean = gaps.reduce(0, +) / Double(gaps.count)
    let deviation = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count)).squareRoot()
    #expect(abs(deviation / mean - 1) < 0.05)
}

@Test func poissonSchedule_givesWeekdayCount_andBurstFollowers() {
    let london = WorkHours(utcOffsetSeconds: 0)
    let meanGap = PoissonSchedule.meanGapSeconds(perWeekday: 500, offHoursFactor: 0.1, workHours: london)
    var schedule = PoissonSchedule(
        meanGapSeconds: meanGap, offHoursFactor: 0.1, workHours: london, burstMean: 4, start: monday,
        end: monday + .seconds(5 * 86_400))
    var random = SplitMix64(seed: 5)
    var arrivals = 0
    var events = 0
    while let step = schedule.next(using: &random) {
        events += 1
        if step.isCallback { arrivals += 1 }
    }

    #expect(abs(Double(arrivals) - 2500) < 2500 * 0.06)
    #expect(abs(Double(events) / Double(arrivals) - 5) < 0.5)
}
