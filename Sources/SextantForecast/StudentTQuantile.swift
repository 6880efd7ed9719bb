import Foundation

/// Student's t distribution function and quantile, private to the forecasting module (used until
/// `SextantNumerics.StudentT` is available on this branch).
///
/// F(t; ν) = 1 − ½ I_x(ν/2, ½) for t ≥ 0, x = ν/(ν + t²) (Abramowitz and Stegun 26.7.1 with
/// 26.5.27), with the regularised incomplete beta I_x(a, b) from its continued fraction
/// (A&S 26.5.8) evaluated by the modified Lentz method (Lentz 1976; Thompson and Barnett 1986).
/// The quantile solves F(t) = p by safeguarded Newton steps from the normal quantile.
/// - Complexity: O(1) per call (a bounded number of fraction terms and Newton steps).
enum StudentTDistribution {
    static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, nu / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    static func density(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let half: Double = (nu + 1) / 2
        let g1: Double = lgamma(half)
        let g2: Double = lgamma(nu / 2)
        let logc: Double = g1 - g2 - 0.5 * log(nu * Double.pi)
        let tail: Double = half * log1p(t * t / nu)
        return exp(logc - tail)
    }

    static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 || !(nu > 0) { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        // Upper tail: work with the survival function q = 1 − p for accuracy.
        let q = 1 - p
        var t = max(normalQuantile(p), 1e-3)
        var lo = 0.0, hi = Double.infinity
        for _ in 0..<100 {
            let x = nu / (nu + t * t)
            let survival = 0.5 * regularizedIncompleteBeta(x, nu / 2, 0.5)
            let diff = q - survival  // > 0: t too large
            if diff > 0 { hi = t } else { lo = t }
            let step = diff / density(t, degreesOfFreedom: nu)
            var next = t + step
            if !(next > lo && next < hi) || !next.isFinite { next = hi.isFinite ? (lo + hi) / 2 : 2 * t }
            if abs(next - t) <= 1e-15 * abs(next) { t = next; break }
            t = next
        }
        return t
    }

    /// I_x(a, b) by the continued fraction on the side where it converges fast.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a, b) / a
        }
        let logFront2 = lgamma(a + b) - lgamma(a) - lgamma(b) + b * log1p(-x) + a * log(x)
        return 1 - exp(logFront2) * betaContinuedFraction(1 - x, b, a) / b
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...500 {
            let md = Double(m)
            // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
            var num = md * (b - md) * x / ((a + 2 * md - 1) * (a + 2 * md))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            num = -(a + md) * (a + b + md) * x / ((a + 2 * md) * (a + 2 * md + 1))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
