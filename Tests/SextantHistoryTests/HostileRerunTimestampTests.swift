import Foundation
import Testing
@testable import SextantHistory

/// The timestamp range's ends and calendar checks, from the hostile rerun of issue 12 (session 5).
@Suite struct HostileRerunTimestampTests {
    /// The upper end is a double below 10000-01-01T00:00:00Z, and it formats in year 9999.
    @Test func upperEndStaysInYear9999() {
        #expect(Timestamps.validRange.upperBound < 253_402_300_800)
        #expect(Timestamps.format(Date(timeIntervalSince1970: Timestamps.validRange.upperBound)) == "9999-12-31T23:59:59.999969Z")
        #expect(Timestamps.epoch(253_402_300_800_000) == nil)
        #expect(Timestamps.parse("253402300800000") == nil)
        #expect(Timestamps.parse("10000-01-01T00:00:00Z") == nil)
        #expect(Timestamps.parse("9999-12-31T23:59:59.5Z").map(Timestamps.format) == "9999-12-31T23:59:59.500000Z")
        // Within 2^-16 s of the year 10000 a double cannot tell the two apart: refused, not rounded up.
        #expect(Timestamps.parse("9999-12-31T23:59:59.999999Z") == nil)
    }

    @Test func daysBeyondTheMonthAreRefused() {
        #expect(Timestamps.parse("2024-02-30T00:00:00Z") == nil)
        #expect(Timestamps.parse("2023-02-29") == nil)
        #expect(Timestamps.parse("2100-02-29") == nil)
        #expect(Timestamps.parse("2024-04-31") == nil)
        #expect(Timestamps.parse("2024-02-29").map(Timestamps.format) == "2024-02-29T00:00:00.000000Z")
        #expect(Timestamps.parse("2000-02-29").map(Timestamps.format) == "2000-02-29T00:00:00.000000Z")
        #expect(Timestamps.parse("2024-12-31T23:59:59Z").map(Timestamps.format) == "2024-12-31T23:59:59.000000Z")
    }

    @Test func epochThatUnderflowsIsRefused() {
        #expect(Timestamps.parse("1e-400") == nil)
        #expect(Timestamps.parse("0e-400").map(Timestamps.format) == "1970-01-01T00:00:00.000000Z")
    }
}
