import SextantNumerics

/// The distribution functions the gate uses, delegated to SextantNumerics (`Normal`, `StudentT`), in
/// one place so that every test and interval of the gate reads the same functions.
enum GateDistributions {
    /// Standard normal quantile.
    static func normalQuantile(_ p: Double) -> Double { Normal.standardQuantile(p) }

    /// Student t CDF with `df` degrees of freedom.
    static func studentCDF(_ t: Double, df: Double) -> Double { StudentT(degreesOfFreedom: df).cdf(t) }

    /// Two-sided p-value 2 P(T > |t|).
    static func studentTwoSided(_ t: Double, df: Double) -> Double {
        if t.isNaN { return 1 }
        return min(1, 2 * StudentT(degreesOfFreedom: df).survival(abs(t)))
    }

    /// Student t quantile.
    static func studentQuantile(_ p: Double, df: Double) -> Double { StudentT(degreesOfFreedom: df).quantile(p) }
}
