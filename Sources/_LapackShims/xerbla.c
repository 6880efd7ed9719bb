// Overrides of LAPACK's and LAPACKE's error handlers. Reference LAPACK's xerbla prints a
// message and executes STOP, which ends the process with status 0: a test run would end
// "green" halfway. These definitions, linked into the executable, take precedence over the
// library's and only record the report; the Swift wrapper turns it into a thrown error.
#include "_LapackShims.h"
#include <string.h>
#include <stddef.h>
#include <dlfcn.h>

static _Thread_local sextant_lapack_report current;

static void record(const char *name, size_t len, int info, int fromLAPACKE) {
    current.pending = 1;
    current.info = info;
    current.fromLAPACKE = fromLAPACKE;
    size_t n = 0;
    if (name != NULL) {
        while (n < len && n < sizeof(current.routine) - 1 && name[n] != '\0' && name[n] != ' ') {
            current.routine[n] = name[n];
            n++;
        }
    }
    current.routine[n] = '\0';
}

// Fortran: SUBROUTINE XERBLA(SRNAME, INFO), with the hidden string length last.
void xerbla_(const char *srname, const int *info, size_t srname_len) {
    record(srname, srname_len, info ? *info : 0, 0);
}

// Some BLAS builds call the array variant.
void xerbla_array_(const char *srname, const int *len, const int *info) {
    record(srname, len ? (size_t)*len : 0, info ? *info : 0, 0);
}

void LAPACKE_xerbla(const char *name, int info) {
    record(name, name ? strlen(name) : 0, info, 1);
}

sextant_lapack_report sextant_lapack_take_report(void) {
    sextant_lapack_report r = current;
    memset(&current, 0, sizeof current);
    return r;
}

void sextant_lapack_clear_report(void) {
    memset(&current, 0, sizeof current);
}

int sextant_blas_set_num_threads(int n) {
    void (*set)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "openblas_set_num_threads");
    if (set == NULL) return 0;
    set(n);
    if (n == 1) {
        // OpenBLAS's pthread build starts its workers when the library loads, and each spins in
        // sched_yield for a while before it sleeps; lowering the count does not stop them. Its own
        // shutdown (the one it runs before fork) joins them; with one thread no call restarts them.
        int (*shutdown)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "blas_thread_shutdown_");
        if (shutdown != NULL) shutdown();
    }
    return 1;
}

int sextant_blas_get_num_threads(void) {
    int (*get)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "openblas_get_num_threads");
    return get == NULL ? 0 : get();
}
