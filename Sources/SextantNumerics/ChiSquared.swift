#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The chi-square distribution with k degrees of freedom (k > 0): a Gamma(k/2, scale 2).
///
/// cdf = P(k/2, x/2) and survival = Q(k/2, x/2), each computed directly by the incomplete gamma
/// series or continued fraction (`regularizedGammaP/Q`). The quantile inverts the relevant tail
/// by log-scale Newton iteration from the Wilson–Hilferty start (Wilson & Hilferty 1931,
/// A&S 26.4.17).
public struct ChiSquared: ContinuousDistribution, PositiveSupportInversion, Hashable {
    public var degreesOfFreedom: Double

    /// - Complexity: O(1).
    public init(degreesOfFreedom: Double) {
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// - Complexity: O(1).
    public func density(_ x: Double) -> Double {
        let a = degreesOfFreedom / 2
        if x < 0 { return 0 }
        if x == 0 { return a < 1 ? .infinity : (a == 1 ? 0.5 : 0) }
        // f(x) = ½ · e^{-x/2} (x/2)^{a-1} / Γ(a) = ½ · poisson(a−1; x/2) for a ≥ 1.
        if a >= 1 { return 0.5 * poissonPrefactor(a - 1, x / 2) }
        return exp((a - 1) * log(x / 2) - x / 2 - logGamma(a)) / 2
    }

    /// - Complexity: O(√k) iterations at worst.
    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        return regularizedGammaP(degreesOfFreedom / 2, x / 2)
    }

    /// - Complexity: O(√k) iterations at worst.
    public func survival(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return 1 }
        return regularizedGammaQ(degreesOfFreedom / 2, x / 2)
    }

    func start(_ p: Double, upper: Bool) -> Double {
        let k = degreesOfFreedom
        let z = upper ? -Normal.standardQuantile(p) : Normal.standardQuantile(p)
        let h = 2 / (9 * k)
        let wh = k * pow(1 - h + z * sqrt(h), 3)
        if wh > 0 { return wh }
        // Small lower tail: P ≈ (x/2)^{k/2} / Γ(k/2 + 1).
        return 2 * exp((log(p) + logGamma(k / 2 + 1)) / (k / 2))
    }

    /// - Complexity: O(√k · log(1/ε)).
    public func quantile(_ p: Double) -> Double { positiveQuantile(p) }

    /// - Complexity: O(√k · log(1/ε)).
    public func inverseSurvival(_ q: Double) -> Double { positiveInverseSurvival(q) }
}
