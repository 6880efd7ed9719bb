/// A seedable, reproducible random number generator: xoshiro256** (Blackman & Vigna 2021,
/// "Scrambled linear pseudorandom number generators", ACM TOMS 47) with its 256-bit state filled
/// from the seed by SplitMix64 (Steele, Lea & Flood 2014), as its authors recommend.
///
/// The same seed gives the same stream on every platform and Swift version, so bootstrap
/// intervals are reproducible. Not cryptographically secure.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the generator; every seed (including 0) gives a valid, distinct stream.
    ///
    /// - Complexity: O(1).
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1) with 53 random bits: (next() >> 11) · 2⁻⁵³.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound by Lemire's multiply-and-reject method (Lemire 2019,
    /// "Fast random integer generation in an interval", ACM TOMACS 29); unbiased.
    ///
    /// - Precondition: bound > 0.
    /// - Complexity: O(1) expected.
    @inlinable
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }
}
