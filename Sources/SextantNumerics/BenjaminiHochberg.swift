/// Benjamini–Hochberg false-discovery-rate adjustment (Benjamini & Hochberg 1995, JRSS B 57).
public enum BenjaminiHochberg {
    /// Adjusted p-values q₍ᵢ₎ = min_{k ≥ i} min(1, m·p₍ₖ₎/k), returned in the input order
    /// (the same numbers as R's `p.adjust(method = "BH")` and statsmodels' `fdr_bh`).
    /// NaN inputs stay NaN and are not counted in m.
    ///
    /// - Complexity: O(m log m).
    public static func adjust(_ p: [Double]) -> [Double] {
        let idx = p.indices.filter { !p[$0].isNaN }.sorted { p[$0] < p[$1] }
        let m = Double(idx.count)
        var out = p
        var running = 1.0
        for r in stride(from: idx.count - 1, through: 0, by: -1) {
            let i = idx[r]
            running = min(running, p[i] * m / Double(r + 1))
            out[i] = min(1, running)
        }
        return out
    }
}
