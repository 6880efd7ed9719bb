/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// the one generator of the tests' own random inputs (decimal strings, delimited text, change-point
/// signals). Kept, unchanged, because the property and robustness tests' signals (and the rates they
/// report) come from its streams; the library itself draws from SextantNumerics' `SeededGenerator`.
/// - Complexity: O(1) per draw.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public init(state: UInt64) { self.state = state }

    /// The next 64 random bits: Weyl step, then the variant-13 finaliser of MurmurHash3.
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in `r` by reduction modulo its width (the small bias is immaterial for test inputs,
    /// and the decimal cases' streams depend on this exact rule).
    /// - Complexity: O(1).
    public mutating func int(_ r: ClosedRange<Int>) -> Int {
        r.lowerBound + Int(next() % UInt64(r.upperBound - r.lowerBound + 1))
    }
}
