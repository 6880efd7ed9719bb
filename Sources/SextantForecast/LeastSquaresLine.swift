/// The least-squares line through (t₀ + i, yᵢ), i = 0…m − 1, by centred sums:
/// b = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)², t̄ = t₀ + (m − 1)/2 (exact for whole t), ȳ the plain mean.
/// The slope of Theta's drift and of ETS's starting states (Hyndman et al. 2008, §2.6.1); `LinearTrend`
/// is the line with inference.
/// - Complexity: O(m).
struct LeastSquaresLine {
    /// b; 0 when there are fewer than 2 points (no slope is defined).
    var slope: Double
    /// t̄.
    var meanT: Double
    /// ȳ (NaN for no points).
    var meanY: Double

    init(_ y: ArraySlice<Double>, firstT t0: Double) {
        let m = Double(y.count)
        meanT = t0 + (m - 1) / 2
        meanY = y.reduce(0, +) / m
        var sxy = 0.0, sxx = 0.0
        for (i, v) in y.enumerated() {
            let dt = (t0 + Double(i)) - meanT
            sxy += dt * (v - meanY)
            sxx += dt * dt
        }
        slope = sxx > 0 ? sxy / sxx : 0
    }
}
