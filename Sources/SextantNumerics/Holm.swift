/// Holm's step-down family-wise error adjustment (Holm 1979, Scand. J. Statist. 6).
public enum Holm {
    /// Adjusted p-values q₍ᵢ₎ = max_{k ≤ i} min(1, (m − k + 1)·p₍ₖ₎), in the input order.
    /// NaN inputs stay NaN and are not counted in m.
    ///
    /// - Complexity: O(m log m).
    public static func adjust(_ p: [Double]) -> [Double] {
        let idx = p.indices.filter { !p[$0].isNaN }.sorted { p[$0] < p[$1] }
        let m = idx.count
        var out = p
        var running = 0.0
        for (r, i) in idx.enumerated() {
            running = max(running, min(1, Double(m - r) * p[i]))
            out[i] = running
        }
        return out
    }
}
