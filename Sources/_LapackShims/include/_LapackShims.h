#ifndef SEXTANT_LAPACK_SHIMS_H
#define SEXTANT_LAPACK_SHIMS_H

/// The last illegal-argument report made on this thread by LAPACK's `xerbla_` or
/// LAPACKE's `LAPACKE_xerbla`, which this target overrides so that the process does
/// not exit (reference LAPACK's `xerbla` calls `STOP`, which exits with status 0).
typedef struct {
    /// Non-zero when a report is pending.
    int pending;
    /// The argument position as the reporting layer numbers it (LAPACKE counts one higher than Fortran).
    int info;
    /// 1 when LAPACKE reported it, 0 when the Fortran routine did.
    int fromLAPACKE;
    /// The routine name, NUL-terminated.
    char routine[32];
} sextant_lapack_report;

/// Returns the pending report of this thread and clears it.
sextant_lapack_report sextant_lapack_take_report(void);

/// Clears any pending report of this thread.
void sextant_lapack_clear_report(void);

/// Sets the number of OpenBLAS threads when the library provides `openblas_set_num_threads`;
/// returns 1 when it did, 0 when the BLAS in use has no such control. With `n == 1` it also joins
/// the worker threads OpenBLAS started at load (`blas_thread_shutdown_`), which otherwise spin.
int sextant_blas_set_num_threads(int n);

/// The number of threads OpenBLAS will use (`openblas_get_num_threads`); 0 when the BLAS has no such control.
int sextant_blas_get_num_threads(void);

#endif
