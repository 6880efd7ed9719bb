#ifndef SEXTANT_CHANGE_POINT_KERNELS_H
#define SEXTANT_CHANGE_POINT_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Work counters of one run of the mean kernel (for benchmarks and tests).
typedef struct {
    double candidateSteps;   ///< sum over steps of the candidates evaluated in the minimum
    double refreshes;        ///< exclusion refreshes (MBIC only)
    int vectorISA;           ///< 2: AVX2 code path, 1: portable vector code
    int outOfMemory;         ///< 1 if the O(n) buffers could not be allocated (result NaN)
} sextant_pelt_stats;

/// Exact PELT with functional pruning for the univariate change in mean (see PELT.swift).
/// `s1`, `s2`: prefix sums of y and y^2, `n + 1` values each. `last` receives `n + 1` entries
/// (32-bit: `n < 2^31`; 4 bytes a point, 40 MB at 1e7 values, instead of 8):
/// `last[t]` is the start of the last segment of the optimal segmentation of `y[0..<t]`.
/// `portableOnly` forces the portable code path (tests compare it with the AVX2 one). If `fOut` is
/// not NULL it receives `F(0..n)` (`F(t)` for `0 < t < m` is infinite), which tests check against
/// the optimal-partitioning recursion at every `t`.
/// Requires `n >= 2 m`, `m >= 1`. Returns the optimal objective `F(n)`, or NaN if memory could not
/// be allocated (then `stats->outOfMemory` is 1).
double sextant_pelt_mean(const double *s1, const double *s2, long n, long m, double penalty,
                         int lengthTerm, int portableOnly, int32_t *last, double *fOut,
                         sextant_pelt_stats *stats);

/// Exact PELT for a change in level and slope (piecewise-linear, discontinuous; see pelt_linear.c).
/// `p1`, `p2`, `px`: prefix sums of y, y^2 and (i - (n - 1) / 2) y, `n + 1` values each. Other
/// arguments as `sextant_pelt_mean`; `candidateSteps` (may be NULL) receives the sum over steps of
/// the candidates evaluated. Returns F(n), or NaN if memory could not be allocated.
double sextant_pelt_linear(const double *p1, const double *p2, const double *px, long n, long m, double penalty,
                           int lengthTerm, long *last, double *fOut, double *candidateSteps);

/// `sextant_pelt_linear` restricted to change points in `pos` (sorted ascending, distinct, each in
/// [m, n - m]; the coarse-to-fine search for long series, PELT.swift). Writes the optimal change
/// points in order into `cpsOut` (capacity `npos`) and returns their number, or -1 if memory could
/// not be allocated; `objective` and `candidateSteps` (may be NULL) receive F(n) and the sum over
/// nodes of the candidates evaluated.
long sextant_pelt_linear_nodes(const double *p1, const double *p2, const double *px, long n, long m, double penalty,
                               int lengthTerm, const long *pos, long npos, long *cpsOut, double *objective,
                               double *candidateSteps);

/// The residual sum of squares of the least-squares line through y[s..<t] from the same prefix sums.
double sextant_segment_cost_linear(const double *p1, const double *p2, const double *px, long n, long s, long t);

#ifdef __cplusplus
}
#endif
#endif
