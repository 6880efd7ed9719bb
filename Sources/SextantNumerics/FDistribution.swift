#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The F (Fisher–Snedecor) distribution with d₁ numerator and d₂ denominator degrees of freedom.
///
/// With x = d₁f/(d₁f + d₂) and 1 − x = d₂/(d₁f + d₂) formed separately,
/// cdf = I_x(d₁/2, d₂/2) and survival = I_{1−x}(d₂/2, d₁/2) (A&S 26.6.2), each computed directly.
/// The quantile inverts the relevant tail by log-scale Newton iteration.
public struct FDistribution: ContinuousDistribution, PositiveSupportInversion, Hashable {
    public var numeratorDegreesOfFreedom: Double
    public var denominatorDegreesOfFreedom: Double

    /// - Complexity: O(1).
    public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) {
        self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
    }

    func split(_ f: Double) -> (x: Double, y: Double) {
        let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
        let u = d1 * f
        if u > d2 {
            let r = d2 / u
            return (1 / (1 + r), r / (1 + r))
        }
        let r = u / d2
        return (r / (1 + r), 1 / (1 + r))
    }

    /// - Complexity: O(1).
    public func density(_ f: Double) -> Double {
        let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
        if f < 0 { return 0 }
        if f == 0 { return d1 < 2 ? .infinity : (d1 == 2 ? 1 : 0) }
        let (x, y) = split(f)
        // f(F) = d1/d2 · x^{d1/2-1} y^{d2/2+1} / B(d1/2, d2/2)... written via logs:
        let a = d1 / 2, b = d2 / 2
        let logDensity = a * log(x) + b * log(y) - logBeta(a, b) - log(f)
        return exp(logDensity)
    }

    /// - Complexity: O(√max(d₁, d₂)).
    public func cdf(_ f: Double) -> Double {
        if f.isNaN { return .nan }
        if f <= 0 { return 0 }
        if f.isInfinite { return 1 }
        let (x, y) = split(f)
        return regularizedIncompleteBeta(numeratorDegreesOfFreedom / 2, denominatorDegreesOfFreedom / 2, x: x, y: y)
    }

    /// - Complexity: O(√max(d₁, d₂)).
    public func survival(_ f: Double) -> Double {
        if f.isNaN { return .nan }
        if f <= 0 { return 1 }
        if f.isInfinite { return 0 }
        let (x, y) = split(f)
        return regularizedIncompleteBeta(denominatorDegreesOfFreedom / 2, numeratorDegreesOfFreedom / 2, x: y, y: x)
    }

    func start(_ p: Double, upper: Bool) -> Double {
        // Paulson's normal approximation via the chi-square ratio; clipped to be positive.
        let d1 = numeratorDegreesOfFreedom, d2 = denominatorDegreesOfFreedom
        let c1 = ChiSquared(degreesOfFreedom: d1), c2 = ChiSquared(degreesOfFreedom: d2)
        let a = upper ? c1.inverseSurvival(p) : c1.quantile(p)
        let s = (a / d1) / (c2.quantile(0.5) / d2)
        return s.isFinite && s > 0 ? s : 1
    }

    /// - Complexity: O(√max(d₁, d₂) · log(1/ε)).
    public func quantile(_ p: Double) -> Double { positiveQuantile(p) }

    /// - Complexity: O(√max(d₁, d₂) · log(1/ε)).
    public func inverseSurvival(_ q: Double) -> Double { positiveInverseSurvival(q) }
}
