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
        if let base = literal.baseAddress, DecimalText.underflowed(base, literal.count, to: d) { return .underflow }
        return .value(d)
    }
}
