import SextantNumerics

/// Φ⁻¹(p), from `SextantNumerics.Normal`.
/// - Complexity: O(1).
@inline(__always)
func normalQuantile(_ p: Double) -> Double { Normal.standardQuantile(p) }

/// The Student t quantile with ν degrees of freedom, from `SextantNumerics.StudentT`.
/// - Complexity: O(1) (bounded iterations).
@inline(__always)
func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
    StudentT(degreesOfFreedom: nu).quantile(p)
}
