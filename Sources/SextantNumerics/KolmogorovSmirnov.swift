#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two-sample Kolmogorov–Smirnov test.
public enum KolmogorovSmirnov {
    /// How the p-value is computed.
    public enum Method: Hashable, Sendable {
        /// `.exact` when max(n₁, n₂) ≤ 10 000, `.asymptotic` otherwise (scipy `ks_2samp` `method='auto'`).
        case automatic
        /// The exact null distribution (continuous data, no ties).
        case exact
        /// Large-sample approximations (see `test`).
        case asymptotic
    }

    public struct Result: Hashable, Sendable {
        /// D = sup|F₁ − F₂| (two-sided), sup(F₁ − F₂) (`.greater`) or sup(F₂ − F₁) (`.less`).
        public var statistic: Double
        public var pValue: Double
        public var method: Method
    }

    /// Two-sample KS test of F₁ = F₂.
    ///
    /// Exact p-value: P(D ≥ d) is the probability that a uniformly random lattice path from (0, 0)
    /// to (n₁, n₂) reaches the region |i·n₂ − j·n₁| ≥ d·n₁n₂ (Hodges 1957, "The significance
    /// probability of the Smirnov two-sample test", Arkiv för Matematik 3). The path is walked as
    /// sequential draws without replacement, so every cell holds a probability (no overflow), and
    /// the probability of first entering the region is summed directly — small p-values keep their
    /// relative accuracy (no 1 − P cancellation).
    /// Asymptotic: one-sided p = exp(−2z² − 2z(n₁ + 2n₂)/(3√(n₁n₂(n₁+n₂)))) with z = √(n₁n₂/(n₁+n₂))·D
    /// with n₁ ≥ n₂ (the correction scipy uses); two-sided p is Kolmogorov's limit Q(z) = 2Σ(−1)^{k−1}e^{−2k²z²}
    /// (Kolmogorov 1933), which differs slightly from scipy's finite-n `kstwo` choice.
    ///
    /// - Complexity: O((n₁ + n₂) log(n₁ + n₂)) for D; exact p-value O(n₁ n₂) time, O(n₂) memory.
    public static func test(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided, method: Method = .automatic) -> Result {
        let m = x.count, n = y.count
        guard m > 0, n > 0 else { return Result(statistic: .nan, pValue: .nan, method: method) }
        let a = x.sorted(), b = y.sorted()
        // c = i·n − j·m = m·n·(F₁ − F₂), evaluated after each distinct value.
        var i = 0, j = 0
        var cMax = 0, cMin = 0
        while i < m || j < n {
            let v = min(i < m ? a[i] : .infinity, j < n ? b[j] : .infinity)
            while i < m && a[i] == v { i += 1 }
            while j < n && b[j] == v { j += 1 }
            let c = i * n - j * m
            cMax = max(cMax, c); cMin = min(cMin, c)
        }
        let dInt: Int
        switch alternative {
        case .twoSided: dInt = max(cMax, -cMin)
        case .greater: dInt = cMax
        case .less: dInt = -cMin
        }
        let mn = Double(m) * Double(n)
        let d = Double(dInt) / mn
        var used = method
        if method == .automatic { used = max(m, n) <= 10_000 ? .exact : .asymptotic }
        let p: Double
        if used == .exact {
            p = exactTail(m, n, dInt, alternative)
        } else {
            let en = mn / Double(m + n)
            let z = en.squareRoot() * d
            switch alternative {
            case .twoSided: p = kolmogorovSurvival(z)
            default:
                let big = Double(max(m, n)), small = Double(min(m, n))
                p = min(1, exp(-2 * z * z - 2 * z * (big + 2 * small) / (mn * Double(m + n)).squareRoot() / 3))
            }
        }
        return Result(statistic: d, pValue: min(1, max(0, p)), method: used)
    }

    static func exactTail(_ m: Int, _ n: Int, _ dInt: Int, _ alternative: Alternative) -> Double {
        if dInt <= 0 { return 1 }
        func outside(_ i: Int, _ j: Int) -> Bool {
            let c = i * n - j * m
            switch alternative {
            case .twoSided: return abs(c) >= dInt
            case .greater: return c >= dInt
            case .less: return -c >= dInt
            }
        }
        // prob[j] = probability of being at (i, j) without having been outside.
        var prob = [Double](repeating: 0, count: n + 1)
        prob[0] = 1
        var exit = 0.0
        for i in 0...m {
            // Move along j within row i (steps taking a y), then step to row i + 1 (taking an x).
            var next = [Double](repeating: 0, count: n + 1)
            for j in 0...n {
                let pr = prob[j]
                if pr == 0 { continue }
                let remX = Double(m - i), remY = Double(n - j)
                let tot = remX + remY
                if tot == 0 { continue }
                if remY > 0 {
                    let q = pr * remY / tot
                    if outside(i, j + 1) { exit += q } else { prob[j + 1] += q }
                }
                if remX > 0 {
                    let q = pr * remX / tot
                    if outside(i + 1, j) { exit += q } else { next[j] += q }
                }
            }
            prob = next
        }
        return exit
    }

    /// Kolmogorov's limiting survival function Q(z) = P(K > z).
    ///
    /// For z ≥ 1 the alternating series 2Σ(−1)^{k−1}e^{−2k²z²}; below, 1 − √(2π)/z Σ e^{−(2k−1)²π²/(8z²)}.
    ///
    /// - Complexity: O(1) (a few terms).
    public static func kolmogorovSurvival(_ z: Double) -> Double {
        if z <= 0 { return 1 }
        if z < 1 {
            var s = 0.0
            for k in 1...20 {
                let t = Double(2 * k - 1)
                s += exp(-t * t * Double.pi * Double.pi / (8 * z * z))
            }
            return 1 - (2 * Double.pi).squareRoot() / z * s
        }
        var s = 0.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * z * z)
            s += (k % 2 == 1 ? term : -term)
            if term < 1e-300 { break }
        }
        return 2 * s
    }
}
