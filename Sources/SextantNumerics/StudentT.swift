#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution with ν degrees of freedom (ν > 0, not necessarily an integer).
///
/// With x = ν/(ν + t²) and 1 − x = t²/(ν + t²) formed separately (no cancellation),
/// P(T ≤ −|t|) = ½ I_x(ν/2, ½) (Abramowitz & Stegun 26.7.1), so both tails are computed
/// directly. The quantile inverts that tail by log-scale Newton iteration (`invertTail`),
/// starting from the normal quantile with the Cornish–Fisher correction of A&S 26.7.5.
public struct StudentT: ContinuousDistribution, Hashable {
    public var degreesOfFreedom: Double

    /// - Complexity: O(1).
    public init(degreesOfFreedom: Double) {
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// - Complexity: O(1).
    public func density(_ t: Double) -> Double {
        let v = degreesOfFreedom
        if v.isInfinite { return Normal().density(t) }
        let a = abs(t)
        // log(1 + t²/ν), written to avoid overflow of t² for huge |t|.
        let l = a > 1e100 ? 2 * log(a) - log(v) + log1p(v / a / a) : log1p(a * a / v)
        return exp(-(v + 1) / 2 * l - 0.5 * log(v) - logBeta(v / 2, 0.5))
    }

    /// P(T ≤ −|t|), the lower tail at the negative of |t|.
    @usableFromInline
    func lowerTail(_ t: Double) -> Double {
        let v = degreesOfFreedom
        if t.isNaN || v.isNaN || v <= 0 { return .nan }
        if v.isInfinite { return Normal().cdf(-abs(t)) }
        if t.isInfinite { return 0 }
        // x = v/(v+t²), 1−x = t²/(v+t²), each from the ratio below 1 so that neither
        // overflows (t² would for |t| > 1e154) nor cancels.
        let a = abs(t)
        if a > 1e100 && v / a / a < 1e-250 {
            // x = ν/t² is below 1e-250 (and may underflow): I_x(ν/2, ½) = x^{ν/2} / ((ν/2) B(ν/2, ½)) · (1 + O(x)),
            // evaluated in logs; the O(x) terms are below double precision.
            let logx = log(v) - 2 * log(a)
            return 0.5 * exp(v / 2 * logx - log(v / 2) - logBeta(v / 2, 0.5))
        }
        let x: Double, y: Double
        if a * a > v {
            let r = (v / a) / a
            x = r / (1 + r); y = 1 / (1 + r)
        } else {
            let r = (a / v) * a
            x = 1 / (1 + r); y = r / (1 + r)
        }
        return 0.5 * regularizedIncompleteBeta(v / 2, 0.5, x: x, y: y)
    }

    /// - Complexity: O(√ν) iterations of the incomplete beta continued fraction.
    public func cdf(_ t: Double) -> Double {
        let tail = lowerTail(t)
        return t <= 0 ? tail : 1 - tail
    }

    /// - Complexity: O(√ν).
    public func survival(_ t: Double) -> Double {
        let tail = lowerTail(t)
        return t >= 0 ? tail : 1 - tail
    }

    /// - Complexity: O(√ν · log(1/ε)).
    public func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p > 0.5 { return -lowerQuantile(1 - p) }
        return lowerQuantile(p)
    }

    /// - Complexity: O(√ν · log(1/ε)).
    public func inverseSurvival(_ q: Double) -> Double {
        if q.isNaN || q < 0 || q > 1 { return .nan }
        if q == 0 { return .infinity }
        if q == 1 { return -.infinity }
        if q == 0.5 { return 0 }
        if q > 0.5 { return lowerQuantile(1 - q) }
        return -lowerQuantile(q)
    }

    /// The negative t with P(T ≤ t) = p, p < ½.
    func lowerQuantile(_ p: Double) -> Double {
        let v = degreesOfFreedom
        if v.isInfinite { return Normal.standardQuantile(p) }
        let start: Double
        if v == 1 {
            start = -1 / tan(Double.pi * p)
        } else if v == 2 {
            start = -sqrt(2 / (4 * p * (1 - p))) * (1 - 2 * p) // exact for ν = 2
        } else {
            let z = Normal.standardQuantile(p)
            // Cornish–Fisher (A&S 26.7.5), first two terms; in far tails use the power-law tail
            // P ≈ c |t|^{-ν} for the start instead.
            let cf = z + (z * z * z + z) / (4 * v) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v)
            let logc = logGamma((v + 1) / 2) - logGamma(v / 2) - 0.5 * log(v * Double.pi) + (v + 1) / 2 * log(v) - log(v)
            let power = -exp((logc - log(p)) / v)
            start = p < 1e-6 ? power : cf
        }
        return invertTail(target: p, start: start, lower: -.infinity, upper: 0, increasing: true,
                          tail: { self.lowerTail($0) }, density: { self.density($0) })
    }
}
