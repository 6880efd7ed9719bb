import CLapack
import _LapackShims

@usableFromInline let colMajor = Int32(LAPACK_COL_MAJOR)
@usableFromInline func ch(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

/// Checks that an Int fits LAPACK's 32-bit integer.
@usableFromInline
func lapackInt(_ v: Int, _ what: String, routine: String) -> Result<Int32, LapackError> {
    guard v >= 0, v <= Int(Int32.max) else {
        return .failure(LapackError(.dimensionMismatch("\(what) = \(v) is outside LAPACK's integer range"), routine: routine))
    }
    return .success(Int32(v))
}

/// Fails with `.nonFinite(index:)` naming the first NaN or infinite value.
@usableFromInline
func checkFinite(_ values: [Double], routine: String) -> Result<Void, LapackError> {
    if let i = values.firstIndex(where: { !$0.isFinite }) {
        return .failure(LapackError(.nonFinite(index: i), routine: routine))
    }
    return .success(())
}

/// The Householder QR factorization A = QR of an m × n matrix with m ≥ n (Golub & Van Loan,
/// Matrix Computations, 4th ed., §5.2): R is n × n upper triangular, Q is stored implicitly as
/// n Householder reflectors.
///
/// No column pivoting: the factor is used for least squares where the caller must learn which
/// column is (numerically) a combination of the columns before it, so that nothing is dropped
/// silently. Pivoted QR (`dgeqp3`) would reorder the columns by size and pick a different
/// column to blame; here |R_kk|, the norm of the part of column k orthogonal to columns
/// 0..<k, is the sequential test (the one R's `dqrdc2` uses).
public struct QRFactorization: Sendable {
    /// The output of `dgeqrf`: R on and above the diagonal, the reflectors below it.
    public let factors: Matrix
    /// The reflector scalars.
    public let tau: [Double]

    /// Factors `a`.
    ///
    /// - Throws: `LapackError` for m < n, a non-finite element (its column-major index), or an
    ///   illegal argument reported by LAPACK.
    /// - Complexity: O(m n²) (2mn² − 2n³/3 flops).
    ///
    /// The corresponding LAPACK routine is `dgeqrf`.
    public init(_ a: Matrix) throws {
        self = try QRFactorization.factor(a).get()
    }

    init(factors: Matrix, tau: [Double]) {
        self.factors = factors
        self.tau = tau
    }

    static func factor(_ a: Matrix) -> Result<QRFactorization, LapackError> {
        var f = a
        return factorInPlace(&f).map { QRFactorization(factors: f, tau: $0) }
    }

    /// `dgeqrf` in place: `a` becomes the factors; returns τ.
    static func factorInPlace(_ f: inout Matrix, finiteChecked: Bool = false) -> Result<[Double], LapackError> {
        let routine = "dgeqrf"
        guard f.rows >= f.columns else {
            return .failure(LapackError(.dimensionMismatch("needs rows >= columns, got \(f.rows) x \(f.columns)"), routine: routine))
        }
        if !finiteChecked, case .failure(let e) = checkFinite(f.storage, routine: routine) { return .failure(e) }
        let m: Int32, n: Int32
        switch (lapackInt(f.rows, "rows", routine: routine), lapackInt(f.columns, "columns", routine: routine)) {
        case (.success(let r), .success(let c)): m = r; n = c
        case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
        }
        var tau = [Double](repeating: 0, count: max(f.columns, 1))
        // The `_work` interface: no second NaN scan (finiteness was checked above) and an explicit
        // workspace query (lwork = −1) instead of LAPACKE's hidden allocation.
        sextant_lapack_clear_report()
        var query = 0.0
        var info = f.storage.withUnsafeMutableBufferPointer { p in
            tau.withUnsafeMutableBufferPointer { t in
                LAPACKE_dgeqrf_work(colMajor, m, n, p.baseAddress, max(m, 1), t.baseAddress, &query, -1)
            }
        }
        if case .failure(let e) = LapackError.check(info, routine: routine) { return .failure(e) }
        var work = [Double](repeating: 0, count: max(Int(query), 1))
        let lwork = Int32(work.count)
        sextant_lapack_clear_report()
        info = f.storage.withUnsafeMutableBufferPointer { p in
            tau.withUnsafeMutableBufferPointer { t in
                work.withUnsafeMutableBufferPointer { w in
                    LAPACKE_dgeqrf_work(colMajor, m, n, p.baseAddress, max(m, 1), t.baseAddress, w.baseAddress, lwork)
                }
            }
        }
        return LapackError.check(info, routine: routine).map { tau }
    }

    /// The upper triangle (first n rows) of dgeqrf factors.
    static func upperTriangle(_ factors: Matrix) -> Matrix {
        let n = factors.columns
        var m = Matrix(rows: n, columns: n)
        for j in 0..<n { for i in 0...j { m[i, j] = factors[i, j] } }
        return m
    }

    /// The number of columns n.
    ///
    /// - Complexity: O(1).
    public var columns: Int { factors.columns }

    /// The n × n upper-triangular factor R.
    ///
    /// - Complexity: O(n²).
    public var r: Matrix { QRFactorization.upperTriangle(factors) }

    /// Qᵀ·b for a vector of length m.
    ///
    /// - Complexity: O(mn).
    ///
    /// The corresponding LAPACK routine is `dormqr`.
    public func applyQTranspose(_ b: [Double]) throws -> [Double] {
        try applyQTransposeResult(b).get()
    }

    func applyQTransposeResult(_ b: [Double]) -> Result<[Double], LapackError> {
        var f = factors
        return QRFactorization.applyQTranspose(factors: &f, tau: tau, b)
    }

    /// Qᵀb with the factors passed `inout`: `dormqr` needs write access to them (it restores what it
    /// touches), and passing them in place avoids copying an m × n array.
    static func applyQTranspose(factors: inout Matrix, tau: [Double], _ b: [Double]) -> Result<[Double], LapackError> {
        applyQ(factors: &factors, tau: tau, b, transpose: true)
    }

    /// Q·b (`transpose: false`) or Qᵀ·b (`transpose: true`) for a vector of length m, with the
    /// factors passed `inout` as in `applyQTranspose(factors:tau:_:)`.
    ///
    /// - Complexity: O(mn).
    ///
    /// The corresponding LAPACK routine is `dormqr`.
    static func applyQ(factors: inout Matrix, tau: [Double], _ b: [Double], transpose: Bool) -> Result<[Double], LapackError> {
        let routine = "dormqr"
        let trans = ch(transpose ? "T" : "N")
        guard b.count == factors.rows else {
            return .failure(LapackError(.dimensionMismatch("vector has \(b.count) elements, Q has \(factors.rows) rows"), routine: routine))
        }
        guard tau.count >= factors.columns else {
            return .failure(LapackError(.dimensionMismatch("\(tau.count) reflector scalars for \(factors.columns) columns"), routine: routine))
        }
        if case .failure(let e) = checkFinite(b, routine: routine) { return .failure(e) }
        guard case .success(let m) = lapackInt(factors.rows, "rows", routine: routine) else {
            return .failure(LapackError(.dimensionMismatch("rows = \(factors.rows) is outside LAPACK's integer range"), routine: routine))
        }
        let k = Int32(factors.columns)
        var c = b
        // The `_work` interface (no second NaN scan of the m × n factors); the workspace for one
        // right-hand side is small (n · block size), queried first.
        var query = 0.0
        sextant_lapack_clear_report()
        var info = factors.storage.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeBufferPointer { tp in
                c.withUnsafeMutableBufferPointer { cp in
                    LAPACKE_dormqr_work(colMajor, ch("L"), trans, m, 1, k, ap.baseAddress, max(m, 1), tp.baseAddress, cp.baseAddress, max(m, 1), &query, -1)
                }
            }
        }
        if case .failure(let e) = LapackError.check(info, routine: routine) { return .failure(e) }
        var work = [Double](repeating: 0, count: max(Int(query), 1))
        let lwork = Int32(work.count)
        sextant_lapack_clear_report()
        info = factors.storage.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeBufferPointer { tp in
                c.withUnsafeMutableBufferPointer { cp in
                    work.withUnsafeMutableBufferPointer { w in
                        LAPACKE_dormqr_work(colMajor, ch("L"), trans, m, 1, k, ap.baseAddress, max(m, 1), tp.baseAddress, cp.baseAddress, max(m, 1), w.baseAddress, lwork)
                    }
                }
            }
        }
        return LapackError.check(info, routine: routine).map { c }
    }

    /// Solves R·X = B for an n × k right-hand side B (triangular back substitution).
    ///
    /// - Throws: `.computationFailed(info: i)` when R_ii is exactly zero.
    /// - Complexity: O(n² k).
    ///
    /// The corresponding LAPACK routine is `dtrtrs`.
    public func solveR(_ b: Matrix) throws -> Matrix {
        try solveRResult(b).get()
    }

    func solveRResult(_ b: Matrix) -> Result<Matrix, LapackError> {
        QRFactorization.solveUpper(r, b)
    }

    /// Solves R·X = B for an n × n upper-triangular R (`dtrtrs`).
    static func solveUpper(_ r: Matrix, _ b: Matrix) -> Result<Matrix, LapackError> {
        let routine = "dtrtrs"
        let n = r.columns
        guard r.rows == n else {
            return .failure(LapackError(.dimensionMismatch("triangular factor is \(r.rows) x \(n), not square"), routine: routine))
        }
        guard b.rows == n else {
            return .failure(LapackError(.dimensionMismatch("right-hand side has \(b.rows) rows, R is \(n) x \(n)"), routine: routine))
        }
        if case .failure(let e) = checkFinite(b.storage, routine: routine) { return .failure(e) }
        var x = b
        var a = r.storage
        sextant_lapack_clear_report()
        let info = a.withUnsafeMutableBufferPointer { ap in
            x.storage.withUnsafeMutableBufferPointer { xp in
                LAPACKE_dtrtrs(colMajor, ch("U"), ch("N"), ch("N"), Int32(n), Int32(b.columns), ap.baseAddress, Int32(max(n, 1)), xp.baseAddress, Int32(max(n, 1)))
            }
        }
        return LapackError.check(info, routine: routine).map { x }
    }

    /// R⁻¹, by triangular solves against the identity (never by forming RᵀR).
    ///
    /// - Complexity: O(n³).
    ///
    /// The corresponding LAPACK routine is `dtrtrs`.
    public func rInverse() throws -> Matrix {
        try solveRResult(.identity(factors.columns)).get()
    }
}

/// The minimum-norm least-squares solution by the SVD (divide and conquer), for rank-deficient
/// problems: singular values below `rcond · σ_max` are treated as zero.
public struct SVDLeastSquares: Sendable {
    /// The minimum-norm solution.
    public let solution: [Double]
    /// The effective rank.
    public let rank: Int
    /// The singular values, largest first.
    public let singularValues: [Double]

    /// Solves min ‖Ax − b‖ for any m × n matrix.
    ///
    /// - Parameter rcond: relative threshold for singular values; the default, max(m, n)·ε, is the
    ///   usual numerical-rank threshold (Golub & Van Loan §5.4.1).
    /// - Complexity: O(mn · min(m, n)).
    ///
    /// The corresponding LAPACK routine is `dgelsd`.
    public init(_ a: Matrix, _ b: [Double], rcond: Double? = nil) throws {
        self = try SVDLeastSquares.solve(a, b, rcond: rcond).get()
    }

    init(solution: [Double], rank: Int, singularValues: [Double]) {
        self.solution = solution; self.rank = rank; self.singularValues = singularValues
    }

    static func solve(_ a: Matrix, _ b: [Double], rcond: Double?) -> Result<SVDLeastSquares, LapackError> {
        let routine = "dgelsd"
        guard b.count == a.rows else {
            return .failure(LapackError(.dimensionMismatch("right-hand side has \(b.count) elements, matrix has \(a.rows) rows"), routine: routine))
        }
        if case .failure(let e) = checkFinite(a.storage, routine: routine) { return .failure(e) }
        if case .failure(let e) = checkFinite(b, routine: routine).mapError({ e -> LapackError in
            if case .nonFinite(let i) = e.kind { return LapackError(.nonFinite(index: a.storage.count + i), routine: routine) }
            return e
        }) { return .failure(e) }
        let m = a.rows, n = a.columns
        let ldb = max(m, n, 1)
        var bb = [Double](repeating: 0, count: ldb)
        for i in 0..<m { bb[i] = b[i] }
        var aa = a.storage
        var s = [Double](repeating: 0, count: max(min(m, n), 1))
        var rank: Int32 = 0
        let rc = rcond ?? Double(max(m, n)) * Double.ulpOfOne
        sextant_lapack_clear_report()
        let info = aa.withUnsafeMutableBufferPointer { ap in
            bb.withUnsafeMutableBufferPointer { bp in
                s.withUnsafeMutableBufferPointer { sp in
                    LAPACKE_dgelsd(colMajor, Int32(m), Int32(n), 1, ap.baseAddress, Int32(max(m, 1)), bp.baseAddress, Int32(ldb), sp.baseAddress, rc, &rank)
                }
            }
        }
        return LapackError.check(info, routine: routine).map {
            SVDLeastSquares(solution: Array(bb[0..<n]), rank: Int(rank), singularValues: Array(s[0..<min(m, n)]))
        }
    }
}
