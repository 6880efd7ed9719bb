import Foundation
import SextantNumerics

/// A standard normal draw by Box and Muller (1958) from two uniforms of `rng`: the tests' one normal
/// generator over SextantNumerics' `SeededGenerator`.
/// - Complexity: O(1).
public func normal(_ rng: inout SeededGenerator) -> Double {
    let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &rng)
    let u2 = Double.random(in: 0..<1, using: &rng)
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
}
