import CLapack
import _LapackShims

/// Deliberately illegal LAPACK calls, for the tests and `scripts/check_xerbla_alternatives.sh`
/// that show the `xerbla_` / `LAPACKE_xerbla` overrides of `_LapackShims` intercept the report
/// (instead of reference LAPACK's `STOP`, which ends the process with status 0).
enum LapackProbe {
    struct Outcome {
        var info: Int32
        var intercepted: Bool
        var fromLAPACKE: Bool
        var routine: String
        var error: LapackError?

        /// The outcome as the library's throwing API surfaces it.
        func get() throws {
            if let error { throw error }
        }
    }

    /// `dgeqrf` with M = −1: the Fortran routine itself calls `XERBLA('DGEQRF', 1)`.
    static func fortranIllegalArgument() -> Outcome {
        var a = [Double](repeating: 0, count: 4)
        var tau = [Double](repeating: 0, count: 2)
        var work = [Double](repeating: 0, count: 4)
        sextant_lapack_clear_report()
        let info = LAPACKE_dgeqrf_work(colMajor, -1, 2, &a, 2, &tau, &work, 4)
        return outcome(info, routine: "dgeqrf")
    }

    /// `LAPACKE_dgeqrf` with an invalid matrix layout: LAPACKE calls `LAPACKE_xerbla` itself.
    static func lapackeIllegalArgument() -> Outcome {
        var a = [Double](repeating: 0, count: 4)
        var tau = [Double](repeating: 0, count: 2)
        sextant_lapack_clear_report()
        let info = LAPACKE_dgeqrf(0, 2, 2, &a, 2, &tau)
        return outcome(info, routine: "dgeqrf")
    }

    static func outcome(_ info: Int32, routine: String) -> Outcome {
        let report = sextant_lapack_take_report()
        let name = withUnsafeBytes(of: report.routine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        var error: LapackError? = nil
        if case .failure(let e) = LapackError.check(info, routine: routine) { error = e }
        return Outcome(info: info, intercepted: report.pending != 0, fromLAPACKE: report.fromLAPACKE != 0, routine: name, error: error)
    }
}
