import Foundation

/// The few distribution functions the gate needs (normal and Student t CDF and quantile).
///
/// Kept private to the gate so that it does not wait on SextantNumerics' distributions; the
/// incomplete beta function is evaluated by its continued fraction with the modified Lentz method
/// (Lentz 1976; Thompson & Barnett 1986), which converges for x < (a+1)/(a+b+2), using the symmetry
/// I_x(a,b) = 1 - I_{1-x}(b,a) otherwise. Accuracy ~1e-13 relative, checked against scipy in tests.
enum GateDistributions {
    /// Standard normal CDF Φ(z) = erfc(-z/√2)/2.
    static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Upper tail 1 - Φ(z), accurate far in the tail.
    static func normalSF(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Standard normal quantile by Newton refinement of an initial guess on Φ.
    static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        // Initial guess: logistic-like approximation, then Newton steps on erfc (quadratic convergence).
        var x = p < 0.5 ? -((-2 * log(p)).squareRoot()) : (-2 * log(1 - p)).squareRoot()
        x = x * 0.9
        for _ in 0..<60 {
            let f = normalCDF(x) - p
            let d = exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
            guard d > 0 else { break }
            let step = f / d
            x -= step
            if abs(step) < 1e-15 * max(1, abs(x)) { break }
        }
        return x
    }

    /// Regularized incomplete beta I_x(a, b).
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(lnFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - exp(lnFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...500 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-15 { break }
        }
        return h
    }

    /// Student t CDF with `df` degrees of freedom: F(t) = 1 - I_{df/(df+t²)}(df/2, 1/2)/2 for t > 0.
    static func studentCDF(_ t: Double, df: Double) -> Double {
        if t.isNaN { return .nan }
        let x = df / (df + t * t)
        let tail = 0.5 * incompleteBeta(x, df / 2, 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// Two-sided p-value 2·P(T > |t|).
    static func studentTwoSided(_ t: Double, df: Double) -> Double {
        if t.isInfinite { return 0 }
        let x = df / (df + t * t)
        return min(1, incompleteBeta(x, df / 2, 0.5))
    }

    /// Student t quantile by bisection then Newton on the CDF (total for p in (0, 1)).
    static func studentQuantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1 && df > 0)
        if p == 0.5 { return 0 }
        if df > 1e7 { return normalQuantile(p) }
        let upper = p > 0.5
        let q = upper ? p : 1 - p // q in (0.5, 1)
        var lo = 0.0, hi = 1.0
        while studentCDF(hi, df: df) < q { hi *= 2; if hi > 1e300 { break } }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if studentCDF(mid, df: df) < q { lo = mid } else { hi = mid }
            if hi - lo <= 1e-14 * hi { break }
        }
        let t = 0.5 * (lo + hi)
        return upper ? t : -t
    }
}
