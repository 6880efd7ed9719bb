// Exact PELT for a change in level and slope (piecewise-linear, discontinuous) of a univariate
// series: the kernel behind `PELT.segment` for `CostModel.linear` (PELT.swift, SegmentCost.swift).
//
// Killick, Fearnhead and Eckley (2012), "Optimal detection of changepoints with a linear
// computational cost", JASA 107(500):1590-1598: the optimal-partitioning recursion
// F(t) = min_tau F(tau) + C(tau, t) [+ log(t - tau)] + beta, where C(tau, t) is the residual sum of
// squares of the least-squares line through y[tau..<t] (Bai and Perron 1998's segment cost for a
// regression on (1, t)), computed in O(1) from prefix sums of y, y^2 and i*y. A candidate tau is
// pruned at t when F(tau) + C(tau, t) > F(t) (their Theorem 3.1 with K = 0: splitting a segment
// never raises its residual sum of squares); MBIC's log(t - tau) is left out of the comparison
// because the path through t pays log(T - t) < log(T - tau) later (so the pruning stays exact, as
// in pelt_mean.c), and a pruned candidate is kept m - 1 more steps, until the dominating path
// through t is feasible under the minimum segment length m.
//
// Complexity: O(n K) for K candidates kept per step: O(n) expected when the number of changes grows
// linearly with n, O(n^2) on a series without changes (every candidate of the current segment
// survives: a straight line fitted to part of a straight line never costs more than the whole).
// O(n) memory.

#include "_ChangePointKernels.h"
#include <math.h>
#include <stdlib.h>

// Residual sum of squares of the OLS line through y[s..<t], from prefix sums over centred
// indices x_i = i - c0 (c0 = (n - 1) / 2, which keeps the sums small): p1 = sum y, p2 = sum y^2,
// px = sum x y. Within the segment the line is fitted on u = i - (s + t - 1) / 2, whose sums are
// closed forms: sum u = 0, sum u^2 = L (L^2 - 1) / 12.
static inline double rss_line(const double *p1, const double *p2, const double *px, double c0, long s, long t) {
    double len = (double)(t - s);
    double sy = p1[t] - p1[s];
    double syy = p2[t] - p2[s] - sy * sy / len;
    if (t - s < 3) return 0.0;  // a line through one or two points fits them exactly
    double centre = 0.5 * (double)(s + t - 1) - c0;
    double suy = px[t] - px[s] - centre * sy;
    double suu = len * (len * len - 1.0) / 12.0;
    double r = syy - suy * suy / suu;
    return r > 0 ? r : 0;
}

double sextant_segment_cost_linear(const double *p1, const double *p2, const double *px, long n, long s, long t) {
    return rss_line(p1, p2, px, 0.5 * (double)(n - 1), s, t);
}

double sextant_pelt_linear(const double *p1, const double *p2, const double *px, long n, long m, double penalty,
                           int lengthTerm, long *last, double *fOut, double *candidateSteps) {
    double c0 = 0.5 * (double)(n - 1);
    double *f = malloc(sizeof(double) * (size_t)(n + 1));
    long *cand = malloc(sizeof(long) * (size_t)(n + 1));
    long *killed = malloc(sizeof(long) * (size_t)(n + 1));
    double *val = malloc(sizeof(double) * (size_t)(n + 1));
    double *logs = malloc(sizeof(double) * (size_t)(n + 1));
    if (!f || !cand || !killed || !val || !logs) {
        free(f); free(cand); free(killed); free(val); free(logs);
        return NAN;
    }
    for (long i = 0; i <= n; i++) { f[i] = INFINITY; last[i] = 0; logs[i] = i > 0 ? log((double)i) : 0; }
    f[0] = -penalty;
    long k = 0;
    double steps = 0;
    const long alive = -1;
    for (long t = m; t <= n; t++) {
        long fresh = t - m;
        if (fresh == 0 || fresh >= m) { cand[k] = fresh; killed[k] = alive; k++; }
        double best = INFINITY;
        long arg = 0;
        for (long i = 0; i < k; i++) {
            long tau = cand[i];
            double v = f[tau] + rss_line(p1, p2, px, c0, tau, t);
            val[i] = v;
            double w = lengthTerm ? v + logs[t - tau] : v;
            if (w < best) { best = w; arg = tau; }
        }
        f[t] = best + penalty;
        last[t] = arg;
        steps += (double)k;
        long w = 0;
        for (long i = 0; i < k; i++) {
            long kill = killed[i];
            if (kill == alive && val[i] > f[t]) kill = t;
            if (kill == alive || t + 1 < kill + m) { cand[w] = cand[i]; killed[w] = kill; w++; }
        }
        k = w;
    }
    double objective = f[n];
    if (fOut) for (long i = 0; i <= n; i++) fOut[i] = f[i];
    if (candidateSteps) *candidateSteps = steps;
    free(f); free(cand); free(killed); free(val); free(logs);
    return objective;
}

// The same recursion restricted to change points in a given set of positions (the coarse-to-fine
// search of PELT.swift for long series): nodes 0, pos[0..<npos], n; F is computed at the nodes only
// and a node is a candidate once it is at least m before the current one. PELT's pruning (with its
// m - 1 steps of grace, counted in positions) stays exact within the restricted problem: a pruned
// candidate is dominated by a node of the set. With pos = {m, ..., n - m} this is exactly
// sextant_pelt_linear (same candidates, same order, same arithmetic).
// Complexity: O(npos K) for K candidates kept per node; O(npos) memory.
long sextant_pelt_linear_nodes(const double *p1, const double *p2, const double *px, long n, long m, double penalty,
                               int lengthTerm, const long *pos, long npos, long *cpsOut, double *objective,
                               double *candidateSteps) {
    double c0 = 0.5 * (double)(n - 1);
    long N = npos + 2;
    long *node = malloc(sizeof(long) * (size_t)N);
    double *f = malloc(sizeof(double) * (size_t)N);
    long *last = malloc(sizeof(long) * (size_t)N);
    long *cand = malloc(sizeof(long) * (size_t)N);
    long *killed = malloc(sizeof(long) * (size_t)N);
    double *val = malloc(sizeof(double) * (size_t)N);
    // log(L) of segment lengths, filled on first use (calloc'd pages cost nothing until touched;
    // log(1) = 0 is recomputed harmlessly).
    double *logs = lengthTerm ? calloc((size_t)(n + 1), sizeof(double)) : NULL;
    if (!node || !f || !last || !cand || !killed || !val || (lengthTerm && !logs)) {
        free(node); free(f); free(last); free(cand); free(killed); free(val); free(logs);
        return -1;
    }
    node[0] = 0;
    for (long i = 0; i < npos; i++) node[i + 1] = pos[i];
    node[N - 1] = n;
    for (long j = 0; j < N; j++) { f[j] = INFINITY; last[j] = 0; }
    f[0] = -penalty;
    const long alive = -1;
    long k = 0, next = 0;
    double steps = 0;
    for (long j = 1; j < N; j++) {
        long t = node[j];
        while (next < j && node[next] <= t - m) { cand[k] = next; killed[k] = alive; k++; next++; }
        double best = INFINITY;
        long arg = 0;
        for (long i = 0; i < k; i++) {
            long tau = node[cand[i]];
            double v = f[cand[i]] + rss_line(p1, p2, px, c0, tau, t);
            val[i] = v;
            double w = v;
            if (lengthTerm) {
                double lg = logs[t - tau];
                if (lg == 0) lg = logs[t - tau] = log((double)(t - tau));
                w = v + lg;
            }
            if (w < best) { best = w; arg = cand[i]; }
        }
        f[j] = best + penalty;
        last[j] = arg;
        steps += (double)k;
        if (j == N - 1) break;
        long nextT = node[j + 1];
        long w = 0;
        for (long i = 0; i < k; i++) {
            long kill = killed[i];
            if (kill == alive && val[i] > f[j]) kill = t;
            if (kill == alive || nextT < kill + m) { cand[w] = cand[i]; killed[w] = kill; w++; }
        }
        k = w;
    }
    long count = 0;
    for (long j = last[N - 1]; j > 0; j = last[j]) count++;
    long c = count;
    for (long j = last[N - 1]; j > 0; j = last[j]) cpsOut[--c] = node[j];
    if (objective) *objective = f[N - 1];
    if (candidateSteps) *candidateSteps = steps;
    free(node); free(f); free(last); free(cand); free(killed); free(val); free(logs);
    return count;
}
