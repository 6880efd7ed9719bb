#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The result of a t test on the difference of means (x̄ − ȳ).
public struct TTestResult: Hashable, Sendable {
    public var statistic: Double
    public var degreesOfFreedom: Double
    public var pValue: Double
    public var meanDifference: Double
    public var standardError: Double
    /// Confidence interval for μx − μy at the requested level, matching the alternative
    /// (one-sided alternatives give a half-infinite interval).
    public var confidenceInterval: Interval
}

/// Two-sample t tests.
public enum TTest {
    /// Welch's unequal-variance t test (Welch 1947, Biometrika 34) with Welch–Satterthwaite
    /// degrees of freedom ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)).
    ///
    ///
    /// Two constant samples (both variances 0, so ν is 0/0 and t is d/0) get the limit of a vanishing
    /// common variance instead of NaN: ν = n₁ + n₂ − 2 (where Welch's ν tends for equal variances and
    /// sizes), and p = 1 when the means are equal (no evidence of a difference), else p = 0 (every
    /// level separates them; one-sided: 0 in the alternative's direction, else 1). scipy returns NaN
    /// there; the change-point verdicts need a p-value. A side of fewer than 2 points has no variance
    /// estimate: every field but the mean difference is NaN.
    ///
    /// - Complexity: O(n₁ + n₂).
    @inlinable
    public static func welch<C: Collection>(_ x: C, _ y: C, alternative: Alternative = .twoSided,
                                            level: Double = 0.95) -> TTestResult where C.Element == Double {
        // The moments here (inlinable, so specialised in the caller: a slice is read directly, not
        // through unspecialised generic witnesses), the test in the non-generic part.
        let d = Descriptive.mean(x) - Descriptive.mean(y)
        guard x.count >= 2, y.count >= 2 else { return welch(n1: x.count, n2: y.count, d: d, v1: .nan, v2: .nan, alternative, level) }
        return welch(n1: x.count, n2: y.count, d: d, v1: Descriptive.variance(x), v2: Descriptive.variance(y), alternative, level)
    }

    /// ``welch(_:_:alternative:level:)`` from the sample sizes, the mean difference and the sample
    /// variances.
    @usableFromInline
    static func welch(n1 count1: Int, n2 count2: Int, d: Double, v1 var1: Double, v2 var2: Double,
                      _ alternative: Alternative, _ level: Double) -> TTestResult {
        let n1 = Double(count1), n2 = Double(count2)
        guard count1 >= 2, count2 >= 2 else {  // no variance estimate on a side: no test
            return TTestResult(statistic: .nan, degreesOfFreedom: .nan, pValue: .nan, meanDifference: d, standardError: .nan,
                               confidenceInterval: Interval(lower: .nan, upper: .nan))
        }
        let v1 = var1 / n1, v2 = var2 / n2
        let se = (v1 + v2).squareRoot()
        if se == 0 {
            let p: Double
            let ci: Interval
            switch alternative {
            case .twoSided: p = d == 0 ? 1 : 0; ci = Interval(lower: d, upper: d)
            case .less: p = d < 0 ? 0 : 1; ci = Interval(lower: -.infinity, upper: d)
            case .greater: p = d > 0 ? 0 : 1; ci = Interval(lower: d, upper: .infinity)
            }
            return TTestResult(statistic: d == 0 ? .nan : d * .infinity, degreesOfFreedom: n1 + n2 - 2, pValue: p,
                               meanDifference: d, standardError: 0, confidenceInterval: ci)
        }
        let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
        return finish(d, se, df, alternative, level)
    }

    /// Student's pooled-variance two-sample t test with n₁ + n₂ − 2 degrees of freedom.
    ///
    /// - Complexity: O(n₁ + n₂).
    public static func pooled(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided, level: Double = 0.95) -> TTestResult {
        let n1 = Double(x.count), n2 = Double(y.count)
        let df = n1 + n2 - 2
        let sp2 = ((n1 - 1) * Descriptive.variance(x) + (n2 - 1) * Descriptive.variance(y)) / df
        let se = (sp2 * (1 / n1 + 1 / n2)).squareRoot()
        return finish(Descriptive.mean(x) - Descriptive.mean(y), se, df, alternative, level)
    }

    static func finish(_ d: Double, _ se: Double, _ df: Double, _ alt: Alternative, _ level: Double) -> TTestResult {
        let t = d / se
        let dist = StudentT(degreesOfFreedom: df)
        let p: Double
        let ci: Interval
        switch alt {
        case .twoSided:
            p = min(1, 2 * dist.survival(abs(t)))
            let q = dist.inverseSurvival((1 - level) / 2)
            ci = Interval(lower: d - q * se, upper: d + q * se)
        case .less:
            p = dist.cdf(t)
            ci = Interval(lower: -.infinity, upper: d + dist.inverseSurvival(1 - level) * se)
        case .greater:
            p = dist.survival(t)
            ci = Interval(lower: d - dist.inverseSurvival(1 - level) * se, upper: .infinity)
        }
        return TTestResult(statistic: t, degreesOfFreedom: df, pValue: p, meanDifference: d, standardError: se, confidenceInterval: ci)
    }
}
