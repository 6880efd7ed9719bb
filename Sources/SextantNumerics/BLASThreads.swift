import Foundation
import _LapackShims

/// How many threads the BLAS under LAPACK may use.
///
/// Sextant's least-squares problems are tall and thin (n x p with p of a few columns; the largest
/// are the change-point and forecast fits of one series), where OpenBLAS's threading costs more
/// than it saves: its pthread build hands work to idle workers that then spin in `sched_yield`
/// for a while after every call. Measured (detector engineer, session 6, `perf`): about 100 ms of
/// CPU on the other core during one `sextant changepoints --input` of 1e6 values, which a second
/// thread of Sextant's own then waits for. So the CLI runs the BLAS on one thread unless the user
/// chose otherwise through OpenBLAS's own variables.
public enum BLASThreads {
    /// The environment variables through which a user sets OpenBLAS's threads (OpenBLAS reads the
    /// first one set, in this order); when any is set, Sextant leaves the choice alone.
    public static let variables = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"]

    /// Pins the BLAS to one thread unless one of ``variables`` is set in `environment`.
    /// Returns true when it set the count (false: the user chose, or the BLAS has no such control,
    /// as with reference BLAS, which is single-threaded anyway).
    ///
    /// The corresponding OpenBLAS routines are `openblas_set_num_threads` and, since lowering the
    /// count leaves the workers started at load spinning (about 110 ms of CPU in a process that
    /// sleeps 0.3 s after one `ddot`; 4 ms with `OPENBLAS_NUM_THREADS=1` or after the shutdown),
    /// `blas_thread_shutdown_`, which joins them (both looked up at run time by `_LapackShims`, so
    /// another BLAS links too).
    /// - Complexity: O(1).
    @discardableResult
    public static func pinToOneUnlessConfigured(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard !variables.contains(where: { environment[$0] != nil }) else { return false }
        return sextant_blas_set_num_threads(1) == 1
    }

    /// The number of threads the BLAS will use; nil when it has no such control.
    ///
    /// The corresponding OpenBLAS routine is `openblas_get_num_threads`.
    /// - Complexity: O(1).
    public static var current: Int? {
        let n = Int(sextant_blas_get_num_threads())
        return n > 0 ? n : nil
    }
}
