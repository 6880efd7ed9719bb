#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a regression could not be fitted. Every case names the offending value.
public enum RegressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Sizes of design, response or weights disagree.
    case dimensionMismatch(String)
    /// n ≤ p: no residual degrees of freedom.
    case tooFewObservations(observations: Int, parameters: Int)
    /// A NaN or infinity in the design (row, column) or the response (row, column nil); zero-based.
    case nonFinite(row: Int, column: Int?, value: Double)
    /// A weight that is not finite and positive (zero-based row).
    case invalidWeight(row: Int, value: Double)
    /// Columns (zero-based) that are numerically linear combinations of the columns before them;
    /// nothing is dropped: use `SVDLeastSquares` for a minimum-norm solution instead.
    case rankDeficient(columns: [Int], rank: Int)
    /// LAPACK failed.
    case lapack(LapackError)

    public var description: String {
        switch self {
        case .dimensionMismatch(let s): return s
        case .tooFewObservations(let n, let p): return "\(n) observations for \(p) parameters: need more observations than parameters"
        case .nonFinite(let r, let c, let v):
            return c.map { "non-finite value \(v) in the design at row \(r + 1), column \($0 + 1)" } ?? "non-finite response \(v) at row \(r + 1)"
        case .invalidWeight(let r, let v): return "weight \(v) at row \(r + 1) is not finite and positive"
        case .rankDeficient(let cols, let rank):
            return "rank deficient (rank \(rank)): column(s) \(cols.map { String($0 + 1) }.joined(separator: ", ")) are linear combinations of earlier columns"
        case .lapack(let e): return e.description
        }
    }
}

/// A closed interval [lower, upper].
public struct Interval: Hashable, Sendable {
    public var lower: Double
    public var upper: Double
    public init(lower: Double, upper: Double) { self.lower = lower; self.upper = upper }
}

/// A prediction at a new design row: the fitted mean, a confidence interval for the mean
/// response and a prediction interval for one new observation.
public struct Prediction: Hashable, Sendable {
    public var mean: Double
    /// Standard error of the mean response, √(xᵀ Σ x).
    public var standardError: Double
    public var confidenceInterval: Interval
    public var predictionInterval: Interval
}

/// Ordinary and weighted least squares with full inference.
public enum LinearRegression {
    /// Fits y = Xβ + ε by Householder QR (Golub 1965; Golub & Van Loan §5.3) on the
    /// column-equilibrated, √w-weighted design.
    ///
    /// Steps: columns of √W·X are scaled to unit norm (equilibration removes the column-scale part
    /// of the condition number); QR by `dgeqrf`; a column k with |R_kk| ≤ max(n, p)·ε is reported
    /// as rank deficient (never dropped); β from Qᵀ√W·y (`dormqr`) and back substitution (`dtrtrs`);
    /// the covariance from R⁻¹ by triangular solves (`dtrtrs` against I): Σ = s²·R⁻¹R⁻ᵀ,
    /// never forming XᵀX; residuals y − Xβ by compensated dot products (Ogita, Rump & Oishi 2005,
    /// "Accurate sum and dot product", SIAM J. Sci. Comput. 26).
    ///
    /// Inference: t = β/SE with n − p degrees of freedom; R² = 1 − RSS/TSS with TSS centred when
    /// the design has an intercept (a constant non-zero column) and uncentred otherwise (as NIST
    /// StRD, R and statsmodels do); F = ((TSS − RSS)/(p − k₀)) / s², k₀ = 1 with intercept.
    ///
    /// - Parameters:
    ///   - design: n × p design matrix X.
    ///   - y: n responses.
    ///   - weights: optional positive weights (WLS); residual SD and R² are then the weighted ones.
    ///   - covariance: `.classical` or `.neweyWest(lags:)`.
    /// - Throws: `RegressionError`.
    /// - Complexity: O(n p²) time, O(n p) memory (plus O(n p L) for Newey–West with L lags).
    public static func fit(
        _ design: Matrix, _ y: [Double], weights: [Double]? = nil, covariance: CovarianceEstimator = .classical
    ) throws -> RegressionFit {
        try fitResult(design, y, weights: weights, covariance: covariance).get()
    }

    static func fitResult(
        _ x: Matrix, _ y: [Double], weights: [Double]?, covariance: CovarianceEstimator
    ) -> Result<RegressionFit, RegressionError> {
        let n = x.rows, p = x.columns
        guard y.count == n else { return .failure(.dimensionMismatch("design has \(n) rows but there are \(y.count) responses")) }
        if let w = weights, w.count != n { return .failure(.dimensionMismatch("design has \(n) rows but there are \(w.count) weights")) }
        guard p >= 1 else { return .failure(.dimensionMismatch("design has no columns")) }
        guard n > p else { return .failure(.tooFewObservations(observations: n, parameters: p)) }
        if let i = y.firstIndex(where: { !$0.isFinite }) { return .failure(.nonFinite(row: i, column: nil, value: y[i])) }
        if let w = weights, let i = w.firstIndex(where: { !($0.isFinite && $0 > 0) }) { return .failure(.invalidWeight(row: i, value: w[i])) }
        let sw = weights.map { $0.map { $0.squareRoot() } }

        // Weighted, column-equilibrated copy of the design, built in one read of X per column for the
        // norm (which also detects non-finite values: a NaN or infinity makes the sum of squares
        // non-finite, and only then is the column searched) and one read-write for the copy.
        var a = Matrix(rows: n, columns: p, columnMajor: [Double](unsafeUninitializedCapacity: n * p) { _, count in count = n * p })
        var scale = [Double](repeating: 0, count: p)
        var zeroColumns: [Int] = []
        let failure: RegressionError? = x.storage.withUnsafeBufferPointer { xs in
            a.storage.withUnsafeMutableBufferPointer { out in
                for j in 0..<p {
                    let base = j * n
                    var ss = 0.0
                    if let sw {
                        for i in 0..<n { let v = xs[base + i] * sw[i]; out[base + i] = v; ss += v * v }
                    } else {
                        for i in 0..<n { let v = xs[base + i]; ss += v * v }
                    }
                    if ss.isFinite && ss >= 1e-280 {
                        scale[j] = ss.squareRoot()
                    } else {
                        if let i = (0..<n).first(where: { !xs[base + $0].isFinite }) {
                            return .nonFinite(row: i, column: j, value: xs[base + i])
                        }
                        // Sum of squares out of range: ‖v‖ = max|v| · ‖v / max|v|‖.
                        var maxAbs = 0.0, t = 0.0
                        for i in 0..<n { maxAbs = max(maxAbs, abs(sw == nil ? xs[base + i] : out[base + i])) }
                        if maxAbs > 0 {
                            for i in 0..<n { let v = (sw == nil ? xs[base + i] : out[base + i]) / maxAbs; t += v * v }
                        }
                        scale[j] = maxAbs * t.squareRoot()
                    }
                    let c = scale[j]
                    if c == 0 || !c.isFinite { zeroColumns.append(j); continue }
                    let inv = 1 / c
                    if sw != nil {
                        for i in 0..<n { out[base + i] *= inv }
                    } else {
                        for i in 0..<n { out[base + i] = xs[base + i] * inv }
                    }
                }
                return nil
            }
        }
        if let failure { return .failure(failure) }
        if !zeroColumns.isEmpty { return .failure(.rankDeficient(columns: zeroColumns, rank: p - zeroColumns.count)) }

        // QR in place on the copy `f` (so that `a` stays available for Newey–West and no m × n array
        // is copied again), then Qᵀ√W·y in place.
        var f = a
        if case .neweyWest = covariance {} else { a = Matrix(rows: 0, columns: 0) }
        let tau: [Double]
        switch QRFactorization.factorInPlace(&f, finiteChecked: true) {
        case .success(let t): tau = t
        case .failure(let e): return .failure(.lapack(e))
        }
        let r = QRFactorization.upperTriangle(f)
        let tolerance = Double(max(n, p)) * Double.ulpOfOne
        var dependent: [Int] = []
        for k in 0..<p where abs(r[k, k]) <= tolerance { dependent.append(k) }
        if !dependent.isEmpty { return .failure(.rankDeficient(columns: dependent, rank: p - dependent.count)) }

        let wy = sw.map { s in zip(y, s).map { $0 * $1 } } ?? y
        let qty: [Double]
        switch QRFactorization.applyQTranspose(factors: &f, tau: tau, wy) {
        case .success(let v): qty = v
        case .failure(let e): return .failure(.lapack(e))
        }
        let refine = n * p <= 1 << 20
        if !refine { f = Matrix(rows: 0, columns: 0) }
        var scaledBeta: Matrix
        switch QRFactorization.solveUpper(r, Matrix(rows: p, columns: 1, columnMajor: Array(qty[0..<p]))) {
        case .success(let v): scaledBeta = v
        case .failure(let e): return .failure(.lapack(e))
        }
        let rinv: Matrix
        switch QRFactorization.solveUpper(r, .identity(p)) {
        case .success(let v): rinv = v
        case .failure(let e): return .failure(.lapack(e))
        }
        var beta = (0..<p).map { scaledBeta.storage[$0] / scale[$0] }
        if refine {
            // Iterative refinement of the augmented system [I A; Aᵀ 0]·[r; z] = [b; 0] (Björck 1967,
            // "Iterative refinement of linear least squares solutions I", BIT 7; Björck & Golub 1967,
            // BIT 7), where A = √W·X·D⁻¹ is the equilibrated design, z = D·β and r the residual.
            // Refining the solution alone (recomputing b − Az and solving for a correction) stalls at an
            // accuracy of order κ²ε‖r‖ on problems whose residual is not zero; refining the residual
            // with it converges whenever κε < 1 (Björck, "Numerical Methods for Least Squares
            // Problems", 1996, §2.9). The residuals f = b − r − Az and g = −Aᵀr are computed in
            // compensated arithmetic (twice the working precision), the corrections with the QR factors
            // already at hand: with Qᵀf = [f₁; f₂], d₁ = R⁻ᵀg, δz = R⁻¹(f₁ − d₁), δr = Q[d₁; f₂].
            // The steps repeat while the correction at least halves, at most `maxSteps` times: how
            // many digits one step recovers depends on the BLAS kernels' rounding (one step of the
            // solution-only refinement gave Filip 8.2 digits with OpenBLAS's Zen kernels, 7.4 with its
            // AVX-512 ones). Applied when n·p ≤ 2²⁰, where each step costs O(n p).
            let maxSteps = 5
            var residual = y
            compensatedResiduals(x, y, beta, into: &residual)
            if let sw { for i in 0..<n { residual[i] *= sw[i] } }
            var previous = Double.infinity
            for _ in 0..<maxSteps {
                // f = √W(y − Xβ) − r and g = −D⁻¹Xᵀ√W r, both compensated.
                var fres = y
                compensatedResiduals(x, y, beta, into: &fres)
                for i in 0..<n { fres[i] = (sw.map { fres[i] * $0[i] } ?? fres[i]) - residual[i] }
                let g = compensatedTransposeProduct(x, residual, rowWeights: sw).enumerated().map { -$0.element / scale[$0.offset] }
                guard case .success(let qtf) = QRFactorization.applyQTranspose(factors: &f, tau: tau, fres) else { break }
                // d₁ = R⁻ᵀg from the R⁻¹ already computed: (R⁻ᵀg)_k = Σ_j (R⁻¹)_jk g_j.
                var d1 = [Double](repeating: 0, count: p)
                for k in 0..<p { var s = 0.0; for j in 0...k { s += rinv[j, k] * g[j] }; d1[k] = s }
                let rhs = (0..<p).map { qtf[$0] - d1[$0] }
                guard case .success(let dz) = QRFactorization.solveUpper(r, Matrix(rows: p, columns: 1, columnMajor: rhs)) else { break }
                var stacked = qtf
                for k in 0..<p { stacked[k] = d1[k] }
                guard case .success(let dr) = QRFactorization.applyQ(factors: &f, tau: tau, stacked, transpose: false) else { break }
                var size = 0.0, betaSize = 0.0
                for j in 0..<p {
                    size = max(size, abs(dz.storage[j] / scale[j])); betaSize = max(betaSize, abs(beta[j]))
                }
                guard size.isFinite, size <= previous / 2 else { break }
                for j in 0..<p { beta[j] += dz.storage[j] / scale[j] }
                for i in 0..<n { residual[i] += dr[i] }
                previous = size
                if size <= Double.ulpOfOne * betaSize { break }
            }
            f = Matrix(rows: 0, columns: 0)
        }

        // Residuals y − Xβ̂, column by column (vectorizable). When they are tiny relative to y (a near
        // exact fit, where rounding in Xβ̂ would dominate them) they are recomputed with compensated dot
        // products.
        var residuals = [Double](unsafeUninitializedCapacity: n) { buffer, count in
            x.storage.withUnsafeBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    if p == 3 {
                        // The common trend/two-predictor case, unrolled: one pass over the three columns.
                        let b0 = beta[0], b1 = beta[1], b2 = beta[2]
                        for i in 0..<n { buffer[i] = ys[i] - xs[i] * b0 - xs[n + i] * b1 - xs[2 * n + i] * b2 }
                    } else {
                        for i in 0..<n { buffer[i] = ys[i] }
                        for j in 0..<p {
                            let b = beta[j], base = j * n
                            for i in 0..<n { buffer[i] -= xs[base + i] * b }
                        }
                    }
                }
            }
            count = n
        }
        var rss = 0.0, yy = 0.0
        if let weights {
            for i in 0..<n { let e = residuals[i]; rss += weights[i] * e * e; yy += weights[i] * y[i] * y[i] }
        } else {
            residuals.withUnsafeBufferPointer { r in
                y.withUnsafeBufferPointer { ys in
                    for i in 0..<n { let e = r[i]; rss += e * e; yy += ys[i] * ys[i] }
                }
            }
        }
        if rss <= 1e-16 * yy {
            compensatedResiduals(x, y, beta, into: &residuals)
            rss = 0
            for i in 0..<n { let e = residuals[i]; rss += (weights?[i] ?? 1) * e * e }
        }
        let df = n - p
        let s2 = rss / Double(df)

        // (XᵀWX)⁻¹ = D⁻¹ R⁻¹ R⁻ᵀ D⁻¹ with D the column scales.
        var unscaled = Matrix(rows: p, columns: p)
        for i in 0..<p {
            for j in i..<p {
                var s = 0.0
                for k in max(i, j)..<p { s += rinv[i, k] * rinv[j, k] }
                let v = s / (scale[i] * scale[j])
                unscaled[i, j] = v; unscaled[j, i] = v
            }
        }
        var cov = Matrix(rows: p, columns: p)
        switch covariance {
        case .classical:
            for k in 0..<(p * p) { cov.storage[k] = s2 * unscaled.storage[k] }
        case let .neweyWest(requested, smallSampleCorrection):
            let lags = CovarianceEstimator.neweyWestLags(requested, observations: n)
            // Rows of the thin Q: q_t = a_t R⁻¹; scores u_t = q_t ẽ_t with ẽ = √w e.
            var u = Matrix(rows: n, columns: p)
            for j in 0..<p {
                for k in 0...j {
                    let r = rinv[k, j]
                    if r == 0 { continue }
                    for t in 0..<n { u.storage[t + j * n] += a.storage[t + k * n] * r }
                }
            }
            for t in 0..<n {
                let e = residuals[t] * (sw?[t] ?? 1)
                for j in 0..<p { u.storage[t + j * n] *= e }
            }
            var m = Matrix(rows: p, columns: p)
            for l in 0...lags {
                let weight = CovarianceEstimator.bartlettWeight(lag: l, lags: lags)
                for i in 0..<p {
                    for j in 0..<p {
                        var s = 0.0
                        for t in l..<n { s += u.storage[t + i * n] * u.storage[t - l + j * n] }
                        if l == 0 { m[i, j] += s } else { m[i, j] += weight * s; m[j, i] += weight * s }
                    }
                }
            }
            // Σ = D⁻¹ R⁻¹ M R⁻ᵀ D⁻¹.
            let rm = rinv.multiply(m)
            let full = rm.multiply(rinv.transposed)
            let correction = smallSampleCorrection ? Double(n) / Double(n - p) : 1
            for i in 0..<p { for j in 0..<p { cov[i, j] = correction * full[i, j] / (scale[i] * scale[j]) } }
        }

        // Intercept: a constant non-zero column.
        let hasIntercept = x.storage.withUnsafeBufferPointer { xs in
            (0..<p).contains { j in
                let v = xs[j * n]
                if v == 0 { return false }
                for i in 0..<n where xs[j * n + i] != v { return false }
                return true
            }
        }
        var tss = 0.0
        if hasIntercept, weights == nil {
            // Two-pass centred sum of squares with the mean's correction term (Chan, Golub & LeVeque 1983).
            let m = Descriptive.mean(y)
            var s1 = 0.0, s2 = 0.0
            y.withUnsafeBufferPointer { ys in
                for i in 0..<n { let d = ys[i] - m; s1 += d; s2 += d * d }
            }
            tss = s2 - s1 * s1 / Double(n)
        } else if hasIntercept, let weights {
            let wsum = Descriptive.sum(weights)
            var m = 0.0
            for i in 0..<n { m += weights[i] * y[i] }
            m /= wsum
            var corr = 0.0
            for i in 0..<n { corr += weights[i] * (y[i] - m) }
            m += corr / wsum
            for i in 0..<n { let d = y[i] - m; tss += weights[i] * d * d }
        } else {
            tss = yy
        }
        let k0 = hasIntercept ? 1 : 0
        let r2 = 1 - rss / tss
        let adj = 1 - (1 - r2) * Double(n - k0) / Double(df)
        let fStat = p > k0 ? ((tss - rss) / Double(p - k0)) / s2 : .nan
        let fP = p > k0 ? FDistribution(numeratorDegreesOfFreedom: Double(p - k0), denominatorDegreesOfFreedom: Double(df)).survival(fStat) : .nan

        let se = (0..<p).map { cov[$0, $0].squareRoot() }
        let t = (0..<p).map { beta[$0] / se[$0] }
        let dist = StudentT(degreesOfFreedom: Double(df))
        let pv = t.map { 2 * dist.survival(abs($0)) }
        return .success(RegressionFit(
            coefficients: beta, standardErrors: se, tStatistics: t, pValues: pv, covariance: cov,
            residuals: residuals, residualStandardDeviation: s2.squareRoot(), rSquared: r2, adjustedRSquared: adj,
            fStatistic: fStat, fPValue: fP, observations: n, rank: p, residualDegreesOfFreedom: df,
            hasIntercept: hasIntercept, residualSumOfSquares: rss, totalSumOfSquares: tss, estimator: covariance))
    }
}

/// r = y − Xβ with each row's dot product compensated (Ogita, Rump & Oishi 2005, Dot2): TwoProduct
/// by FMA and TwoSum, so each residual is as accurate as if computed in twice the working precision.
///
/// - Complexity: O(n p).
func compensatedResiduals(_ x: Matrix, _ y: [Double], _ beta: [Double], into residuals: inout [Double]) {
    let n = x.rows, p = x.columns
    x.storage.withUnsafeBufferPointer { xs in
        for i in 0..<n {
            var s = y[i], c = 0.0
            for j in 0..<p {
                let a = -xs[i + j * n], b = beta[j]
                let prod = a * b
                let perr = (-prod).addingProduct(a, b)  // exact error of the product
                let t = s + prod
                let z = t - s
                c += (s - (t - z)) + (prod - z) + perr
                s = t
            }
            residuals[i] = s + c
        }
    }
}

/// Xᵀ·(w ∘ v) with each column's dot product compensated (Ogita, Rump & Oishi 2005, Dot2), where
/// `rowWeights` (when given) multiplies v row by row first.
///
/// - Complexity: O(n p).
func compensatedTransposeProduct(_ x: Matrix, _ v: [Double], rowWeights: [Double]?) -> [Double] {
    let n = x.rows, p = x.columns
    let wv = rowWeights.map { w in (0..<n).map { v[$0] * w[$0] } } ?? v
    return x.storage.withUnsafeBufferPointer { xs in
        (0..<p).map { j in
            var s = 0.0, c = 0.0
            for i in 0..<n {
                let a = xs[i + j * n], b = wv[i]
                let prod = a * b
                let perr = (-prod).addingProduct(a, b)
                let t = s + prod
                let z = t - s
                c += (s - (t - z)) + (prod - z) + perr
                s = t
            }
            return s + c
        }
    }
}

/// The result of `LinearRegression.fit`.
public struct RegressionFit: Sendable {
    /// β̂.
    public let coefficients: [Double]
    /// √diag(Σ).
    public let standardErrors: [Double]
    /// β̂ / SE.
    public let tStatistics: [Double]
    /// Two-sided p-values from Student t with n − p degrees of freedom.
    public let pValues: [Double]
    /// The coefficient covariance matrix Σ (p × p).
    public let covariance: Matrix
    /// y − Xβ̂ (unweighted).
    public let residuals: [Double]
    /// s = √(RSS/(n − p)), RSS weighted for WLS.
    public let residualStandardDeviation: Double
    public let rSquared: Double
    public let adjustedRSquared: Double
    /// The overall F statistic (NaN when the model is the intercept only).
    public let fStatistic: Double
    public let fPValue: Double
    /// n.
    public let observations: Int
    /// The numerical rank (equal to p: rank-deficient fits throw).
    public let rank: Int
    /// n − p.
    public let residualDegreesOfFreedom: Int
    public let hasIntercept: Bool
    public let residualSumOfSquares: Double
    public let totalSumOfSquares: Double
    public let estimator: CovarianceEstimator

    /// The number of parameters p.
    ///
    /// - Complexity: O(1).
    public var parameterCount: Int { coefficients.count }

    /// Two-sided confidence intervals β̂ ± t_{1−α/2, n−p}·SE at `level` (0.95 by default).
    ///
    /// - Complexity: O(p).
    public func confidenceIntervals(level: Double = 0.95) -> [Interval] {
        let q = StudentT(degreesOfFreedom: Double(residualDegreesOfFreedom)).inverseSurvival((1 - level) / 2)
        return zip(coefficients, standardErrors).map { Interval(lower: $0 - q * $1, upper: $0 + q * $1) }
    }

    /// The mean response x₀ᵀβ̂ at a new design row with its confidence interval
    /// (SE = √(x₀ᵀΣx₀)) and the prediction interval for one new observation of unit weight
    /// (SE = √(s² + x₀ᵀΣx₀)), both with t_{1−α/2, n−p}.
    ///
    /// - Precondition: `row.count == parameterCount`.
    /// - Complexity: O(p²).
    public func predict(_ row: [Double], level: Double = 0.95) -> Prediction {
        precondition(row.count == parameterCount, "row has \(row.count) values for \(parameterCount) parameters")
        let p = parameterCount
        var mean = 0.0
        for j in 0..<p { mean += row[j] * coefficients[j] }
        var v = 0.0
        for i in 0..<p { for j in 0..<p { v += row[i] * covariance[i, j] * row[j] } }
        let se = max(v, 0).squareRoot()
        let s2 = residualStandardDeviation * residualStandardDeviation
        let pse = (s2 + max(v, 0)).squareRoot()
        let q = StudentT(degreesOfFreedom: Double(residualDegreesOfFreedom)).inverseSurvival((1 - level) / 2)
        return Prediction(
            mean: mean, standardError: se,
            confidenceInterval: Interval(lower: mean - q * se, upper: mean + q * se),
            predictionInterval: Interval(lower: mean - q * pse, upper: mean + q * pse))
    }
}
