import CLapack
import _LapackShims

/// An error reported by LAPACK or by the checks Sextant makes before calling it.
///
/// Modelled on swift-system's `Errno`: a small value type over the integer codes the C
/// routines return, with the routine that produced it.
public struct LapackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: Hashable, Sendable {
        /// An argument was illegal; `position` is the Fortran routine's 1-based argument number.
        case illegalArgument(position: Int)
        /// The routine ran but failed numerically (singular factor, no convergence); `info` > 0.
        case computationFailed(info: Int)
        /// A value was NaN or infinite; `index` is its position in the input (column-major for matrices).
        case nonFinite(index: Int)
        /// The dimensions of the operands do not fit.
        case dimensionMismatch(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The LAPACK routine, for example `dgeqrf`.
    public var routine: String

    public init(_ kind: Kind, routine: String) {
        self.kind = kind
        self.routine = routine
    }

    public var description: String {
        switch kind {
        case .illegalArgument(let p): return "\(routine): illegal value of argument \(p)"
        case .computationFailed(let info): return "\(routine): computation failed (info = \(info))"
        case .nonFinite(let i): return "\(routine): non-finite input value at index \(i)"
        case .dimensionMismatch(let s): return "\(routine): \(s)"
        }
    }
}

extension LapackError {
    /// Turns LAPACKE's `info` and any report left by the overridden `xerbla` into a result.
    ///
    /// LAPACKE numbers arguments one higher than the Fortran routine (it adds the matrix
    /// layout first); the position returned here is the Fortran one.
    @usableFromInline
    internal static func check(_ info: Int32, routine: String) -> Result<Void, LapackError> {
        let report = sextant_lapack_take_report()
        if info < 0 {
            let p = Int(-info) - 1
            return .failure(LapackError(.illegalArgument(position: p), routine: routine))
        }
        if report.pending != 0 {
            let p = report.fromLAPACKE != 0 ? Int(report.info) - 1 : Int(report.info)
            return .failure(LapackError(.illegalArgument(position: p), routine: routine))
        }
        if info > 0 {
            return .failure(LapackError(.computationFailed(info: Int(info)), routine: routine))
        }
        return .success(())
    }
}
