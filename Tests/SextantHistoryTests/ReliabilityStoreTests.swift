import Foundation
import Testing
@testable import SextantHistory

/// Issue 12 defects 1, 3 and 4 at the store itself, below every importer: the timestamps' range and
/// rendering. What the store refuses and the unreadable rows are tested once per backend in
/// SextantStoreTests (StoreSuite: storeRefusesWhatItCannotHold, unrenderableRowIsAnErrorNamingTheRun).
@Suite struct ReliabilityStoreTests {
    /// The boundaries of the valid range are themselves valid and render.
    @Test func timestampRangeEnds() {
        // A timestamp outside the range renders as text, never a trap (before, converting 1e300 to Int trapped).
        #expect(Timestamps.format(Date(timeIntervalSince1970: 1e300)) == "invalid-timestamp(1e+300)")
        #expect(Timestamps.format(Date(timeIntervalSince1970: .nan)).hasPrefix("invalid-timestamp"))
        #expect(Timestamps.parse("1970-01-01T00:00:00Z").map(Timestamps.format) == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamps.parse("9999-12-31T23:59:59Z").map(Timestamps.format) == "9999-12-31T23:59:59.000000Z")
        #expect(Timestamps.parse("1969-12-31T23:59:59Z") == nil)
        #expect(Timestamps.parse("1e300") == nil)
        #expect(Timestamps.parse("-1605314959564") == nil)
        #expect(Timestamps.epoch(.infinity) == nil)
        #expect(Timestamps.epoch(1605314959564) == Date(timeIntervalSince1970: 1605314959.564))
    }
}
