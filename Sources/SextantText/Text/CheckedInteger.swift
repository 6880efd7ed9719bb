/// Double-to-integer conversions that cannot trap: Swift's `Int(_: Double)` stops the process for
/// NaN, infinities and magnitudes beyond `Int.max`, so every conversion of a value that came from a
/// file goes through here.
public enum CheckedInteger {
    /// `d` as an Int when it is a whole number in `Int`'s range, else nil.
    @inlinable public static func exact(_ d: Double) -> Int? {
        Int(exactly: d)
    }

    /// `d` rounded by `rule` when the result is in `Int`'s range, else nil (NaN and infinities are nil).
    @inlinable public static func rounded(_ d: Double, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int? {
        Int(exactly: d.rounded(rule))
    }

    /// `d` rounded by `rule` and clamped to `range` (NaN gives `range.lowerBound`): for sizes and
    /// positions computed from data, where the result must land inside a known range.
    @inlinable public static func clamped(_ d: Double, to range: ClosedRange<Int>,
                                         _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int {
        if d.isNaN { return range.lowerBound }
        let r = d.rounded(rule)
        if r <= Double(range.lowerBound) { return range.lowerBound }
        if r >= Double(range.upperBound) { return range.upperBound }
        return Int(r)
    }
}
