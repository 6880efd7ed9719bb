#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the covariance matrix of regression coefficients is estimated: Sextant's one choice for
/// ``LinearRegression`` (any design) and SextantForecast's `LinearTrend` (a line, in closed form).
public enum CovarianceEstimator: Hashable, Sendable {
    /// s² (XᵀX)⁻¹ with s² = RSS/(n − p): exact under independent Gaussian errors.
    case classical
    /// Newey & West (1987), "A simple, positive semi-definite, heteroskedasticity and
    /// autocorrelation consistent covariance matrix", Econometrica 55: Bartlett weights
    /// 1 − l/(L+1) for lags l = 1…L (``bartlettWeight(lag:lags:)``); `nil` lags picks
    /// L = ⌊4 (n/100)^{2/9}⌋ (``neweyWestLags(_:observations:)``).
    ///
    /// `smallSampleCorrection` multiplies the estimate by n/(n − p), the degrees-of-freedom factor
    /// that statsmodels applies with `use_correction=True`; without it the estimate is statsmodels'
    /// `cov_type='HAC'` default. Trends (`LinearTrend`, short autocorrelated benchmark series) use the
    /// correction: with few runs the uncorrected HAC estimate is biased low and overstates confidence.
    case neweyWest(lags: Int?, smallSampleCorrection: Bool = false)

    /// The Newey–West lag: `requested`, or ⌊4 (n/100)^{2/9}⌋ when nil (Newey & West 1994,
    /// "Automatic lag selection in covariance matrix estimation", Review of Economic Studies 61),
    /// clamped to 0…n − 1.
    /// - Complexity: O(1).
    public static func neweyWestLags(_ requested: Int?, observations n: Int) -> Int {
        max(0, min(requested ?? Int((4 * pow(Double(n) / 100, 2.0 / 9)).rounded(.down)), n - 1))
    }

    /// The Bartlett kernel weight of lag `l` out of `lags`: 1 − l/(L + 1) (1 at lag 0).
    /// - Complexity: O(1).
    public static func bartlettWeight(lag l: Int, lags: Int) -> Double {
        l == 0 ? 1 : 1 - Double(l) / Double(lags + 1)
    }
}
