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
    /// - Complexity: O(n₁ + n₂).
    public static func welch(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided, level: Double = 0.95) -> TTestResult {
        let n1 = Double(x.count), n2 = Double(y.count)
        let v1 = Descriptive.variance(x) / n1, v2 = Descriptive.variance(y) / n2
        let se = (v1 + v2).squareRoot()
        let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
        return finish(Descriptive.mean(x) - Descriptive.mean(y), se, df, alternative, level)
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
