/// The conversion of a JSON number literal to a double: one function, so that every JSON number in
/// Sextant is converted the same way, by the one decimal converter (``DecimalText``, correctly
/// rounded, bit for bit `strtod`'s result).
public enum JSONNumber {
    /// What a literal converts to.
    public enum Conversion: Sendable, Equatable {
        /// The nearest double (correctly rounded); may be subnormal or a signed zero written as zero.
        case value(Double)
        /// The magnitude exceeds the largest finite double.
        case overflow
        /// A non-zero literal whose magnitude is below the smallest subnormal: it would silently become 0.
        case underflow
    }

    /// Converts a literal already checked against RFC 8259's number grammar.
    /// - Complexity: O(length of the literal).
    public static func double(_ literal: UnsafeBufferPointer<UInt8>) -> Conversion {
        guard let d = DecimalText.double(literal) else { return .overflow }  // not reached for a checked literal
        if !d.isFinite { return .overflow }
        if d == 0 {
            // Zero only if every significand digit (before any exponent) is zero.
            for c in literal {
                if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { break }
                if c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") { return .underflow }
            }
        }
        return .value(d)
    }
}
