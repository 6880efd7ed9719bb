// Exact PELT for the univariate change in mean, with functional pruning: the kernel behind
// `PELT.segment` in SextantChangePoint (PELT.swift documents the method and its exactness).
//
// Killick, Fearnhead and Eckley (2012), "Optimal detection of changepoints with a linear
// computational cost", JASA 107(500):1590-1598: the optimal-partitioning recursion
// F(t) = min_tau F(tau) + C(tau, t) + beta with pruning of candidates that can no longer be optimal.
// Maidstone, Hocking, Rigaill and Fearnhead (2017), "On optimal multiple changepoint algorithms for
// large data", Statistics and Computing 27:519-533: functional pruning (FPOP). Each candidate tau
// keeps an interval [lo, hi] of last-segment means mu outside which a later candidate beats it
// (the intersection of {mu : F(tau) + RSS(tau, s; mu) <= F(s)} over later candidates s), and an
// exclusion interval (exA, exB) inside which an earlier candidate beats it. Both are supersets /
// subsets of FPOP's exact sets in the direction that keeps the result exactly optimal.
//
// What this file adds to the algorithm of the Swift kernel it replaces (same candidates, same
// arithmetic for F): structure-of-arrays storage processed four candidates at a time with clang's
// portable vector extensions (compiled twice: AVX2 where the CPU has it, baseline otherwise; FP
// contraction off so that both give bit-identical results); a lazily extended log table; and, for
// MBIC, a refresh of each candidate's exclusion at ages 8m, 32m, 128m, ...: the advantage
// log(t - r) - log(t - tau) that a later candidate tau has over an earlier r shrinks with t, so the
// region where earlier candidates beat tau grows; the refresh recomputes it at the current t and
// trims [lo, hi] by the covered ends (or drops tau when all of [lo, hi] is covered). On
// piecewise-constant data this halves the candidates kept under MBIC.
//
// Complexity: O(n * K) time for K candidates kept per step (K = O(log n) expected on
// piecewise-constant signals, Maidstone et al. 2017); memory: `last` (n + 1 int32), the log table (up to
// the oldest candidate's age) and `pos` (n + 1 ints, MBIC), O(K + m) besides.

#include <stdint.h>
#include "_ChangePointKernels.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

// No fused multiply-add: the AVX2 and the portable code give bit-identical results.
#pragma clang fp contract(off)
// The vector helpers are always inlined, so the ABI of 32-byte vector arguments does not matter.
#pragma clang diagnostic ignored "-Wpsabi"

typedef double v4 __attribute__((ext_vector_type(4)));
typedef __typeof__((v4){0} < (v4){0}) m4;
typedef _Bool b4 __attribute__((ext_vector_type(4)));

#define LD(p, i) (*(const v4 *)((p) + (i)))
#define ST(p, i, v) (*(v4 *)((p) + (i)) = (v))

static inline __attribute__((always_inline)) v4 vmin(v4 a, v4 b) { return __builtin_elementwise_min(a, b); }
static inline __attribute__((always_inline)) v4 vmax(v4 a, v4 b) { return __builtin_elementwise_max(a, b); }
static inline __attribute__((always_inline)) v4 vsqrt(v4 a) { return __builtin_elementwise_sqrt(a); }
static inline __attribute__((always_inline)) v4 sel(m4 m, v4 a, v4 b) { return m ? a : b; }
static inline __attribute__((always_inline)) unsigned bits4(m4 m) {
    b4 b = __builtin_convertvector(m, b4);
    unsigned char c;
    __builtin_memcpy(&c, &b, 1);
    return c & 15u;
}
static inline __attribute__((always_inline)) double hmin(v4 a) {
    return fmin(fmin(a[0], a[1]), fmin(a[2], a[3]));
}
static inline __attribute__((always_inline)) double hmax(v4 a) {
    return fmax(fmax(a[0], a[1]), fmax(a[2], a[3]));
}

enum { NARR = 10 };  // T fv p1 p2 lo hi exA exB xs xe

typedef struct {
    long cap;        // multiple of 4
    double *block;   // NARR * cap doubles, 32-byte aligned
    double *T, *fv, *p1, *p2, *lo, *hi, *exA, *exB, *xs, *xe;
    unsigned char *mask;  // cap / 4 lane masks
} cands;

static int cands_init(cands *c, long cap) {
    cap = (cap + 3) & ~3L;
    double *b = aligned_alloc(32, (size_t)NARR * (size_t)cap * sizeof(double));
    unsigned char *mk = malloc((size_t)cap / 4 + 1);
    if (!b || !mk) { free(b); free(mk); return 0; }
    c->cap = cap; c->block = b; c->mask = mk;
    double **arr[NARR] = {&c->T, &c->fv, &c->p1, &c->p2, &c->lo, &c->hi, &c->exA, &c->exB, &c->xs, &c->xe};
    for (int k = 0; k < NARR; k++) *arr[k] = b + (long)k * cap;
    return 1;
}

static void cands_free(cands *c) { free(c->block); free(c->mask); }

// Doubles the capacity keeping the first `count` candidates (and their pads).
static int cands_grow(cands *c, long count) {
    cands bigger;
    if (!cands_init(&bigger, c->cap * 2)) return 0;
    long keep = (count + 3) & ~3L;
    for (int k = 0; k < NARR; k++) memcpy(bigger.block + (long)k * bigger.cap, c->block + (long)k * c->cap, (size_t)keep * sizeof(double));
    cands_free(c);
    *c = bigger;
    return 1;
}

// Lanes [count, roundup4(count)) repeat candidate count - 1, so that whole blocks can be processed
// (a repeated candidate changes neither a minimum nor a union of intervals).
static inline __attribute__((always_inline)) void pad(cands *c, long count) {
    long end = (count + 3) & ~3L;
    for (long i = count; i < end; i++) {
        c->T[i] = c->T[count - 1]; c->fv[i] = c->fv[count - 1]; c->p1[i] = c->p1[count - 1]; c->p2[i] = c->p2[count - 1];
        c->lo[i] = c->lo[count - 1]; c->hi[i] = c->hi[count - 1]; c->exA[i] = c->exA[count - 1]; c->exB[i] = c->exB[count - 1];
    }
}

// Removes candidate i by moving the last one into its place; keeps `pos` (index by tau) current.
static inline __attribute__((always_inline)) void remove_at(cands *c, long i, long *count, int *pos) {
    long j = *count - 1;
    if (pos) pos[(long)c->T[i]] = -1;
    if (i != j) {
        c->T[i] = c->T[j]; c->fv[i] = c->fv[j]; c->p1[i] = c->p1[j]; c->p2[i] = c->p2[j];
        c->lo[i] = c->lo[j]; c->hi[i] = c->hi[j]; c->exA[i] = c->exA[j]; c->exB[i] = c->exB[j];
        if (pos) pos[(long)c->T[i]] = (int)i;
    }
    *count = j;
}

// Table of log(len) (zeros without the MBIC term), extended on demand to the oldest candidate's age.
typedef struct { double *lg; long filled, n; int on; } logtab;

static inline __attribute__((always_inline)) void logtab_need(logtab *t, long len) {
    if (len <= t->filled) return;
    long target = t->filled * 2;
    if (target < len) target = len;
    if (target > t->n) target = t->n;
    for (long i = t->filled + 1; i <= target; i++) t->lg[i] = t->on ? log((double)i) : 0;
    t->filled = target;
}

static inline __attribute__((always_inline)) v4 gather(const double *tab, v4 idx) {
    return (v4){tab[(long)idx[0]], tab[(long)idx[1]], tab[(long)idx[2]], tab[(long)idx[3]]};
}

// Tolerance of the pruning tests for rounding: a candidate is never pruned on a near-tie. The
// tests compare F(tau) + RSS(tau, s; mu) with F(s) through a dozen floating-point operations on
// operands of magnitude at most |F| and |S2 - S2(0)| (the prefix sums are the same stored values
// that the costs of F use), so their rounding error is a few ulps of 1 + |F| + |S2 - S2(0)|
// (2.2e-16 each); 1e-11 of it is about 45,000 ulps. The tolerance is in cost units (twice the
// log-likelihood) and must stay far below the cost differences between neighbouring candidates
// (of order 1 in noise units): a relative 1e-9 reached 0.02 at n = 1e7, kept 4.4x the candidates
// of an exact comparison (220 instead of 50 per step on three level shifts) and made the kernel
// super-linear in n.
static inline __attribute__((always_inline)) double prune_slack(double f, double s2, double s20) {
    return 1e-11 * (1 + fabs(f) + fabs(s2 - s20));
}

// Refresh of candidate i's exclusion at time t (see the file comment). Returns 1 if i is dropped.
static inline __attribute__((always_inline)) int refresh(cands *c, long i, long count, long t, const double *lg, double s20) {
    const double Ti = c->T[i], fi = c->fv[i], q1 = c->p1[i], q2 = c->p2[i];
    const double lgi = lg[t - (long)Ti];
    const double slack = prune_slack(fi, q2, s20);
    const double tf = (double)t;
    for (long r = 0; r < count; r += 4) {
        v4 tr = LD(c->T, r);
        v4 a = Ti - tr;
        m4 older = a > 0;
        v4 as = sel(older, a, 1);
        v4 ia = 1 / as;
        v4 d1 = q1 - LD(c->p1, r), d2 = q2 - LD(c->p2, r);
        v4 base = d1 * d1 - as * d2;
        v4 disc = base + as * (fi - LD(c->fv, r) + (lgi - gather(lg, tf - tr)) - slack);
        m4 has = older & (disc > 0);
        v4 cc = d1 * ia, rr = vsqrt(vmax(disc, 0)) * ia;
        ST(c->xs, r, sel(has, cc - rr, INFINITY));
        ST(c->xe, r, sel(has, cc + rr, -INFINITY));
    }
    const double A = c->exA[i], B = c->exB[i];
    double lo = c->lo[i], hi = c->hi[i];
    // Walk up from lo through the union of the open exclusion intervals that cover it.
    for (;;) {
        v4 best = lo;
        for (long r = 0; r < count; r += 4) {
            v4 s = LD(c->xs, r), e = LD(c->xe, r);
            best = vmax(best, sel((s < lo) & (lo < e), e, -INFINITY));
        }
        double b = hmax(best);
        if (A < lo && lo < B && B > b) b = B;
        if (!(b > lo)) break;
        lo = b;
        if (lo > hi) return 1;
    }
    for (;;) {
        v4 best = hi;
        for (long r = 0; r < count; r += 4) {
            v4 s = LD(c->xs, r), e = LD(c->xe, r);
            best = vmin(best, sel((s < hi) & (hi < e), s, INFINITY));
        }
        double b = hmin(best);
        if (A < hi && hi < B && A < b) b = A;
        if (!(b < hi)) break;
        hi = b;
        if (lo > hi) return 1;
    }
    c->lo[i] = lo;
    c->hi[i] = hi;
    return 0;
}

static inline __attribute__((always_inline)) double kernel_body(
    const double *s1, const double *s2, long n, long m, double penalty, int lengthTerm, int32_t *last,
    double *fOut, sextant_pelt_stats *stats) {
    double result = NAN;
    logtab lt = {malloc(((size_t)n + 1) * sizeof(double)), 0, n, lengthTerm};
    // F(t) is read once more, at t + m (when t becomes a candidate, which keeps its own copy): a ring
    // of m + 1 values, F(t) at f[t % (m + 1)], so the kernel's memory is O(candidates + m) besides
    // `last` and the log table (fOut, when asked for, receives every F(t) as it is computed).
    const long ring = m + 1;
    double *f = malloc((size_t)ring * sizeof(double));
    int *pos = lengthTerm ? malloc(((size_t)n + 1) * sizeof(int)) : NULL;
    cands c = {0};
    int ok = lt.lg && f && (!lengthTerm || pos) && cands_init(&c, 8);  // small: grows by doubling
    if (!ok) { if (stats) stats->outOfMemory = 1; goto done; }
    lt.lg[0] = 0;
    logtab_need(&lt, m > 1024 ? m : 1024);
    f[0] = -penalty;
    if (fOut) fOut[0] = -penalty;
    last[0] = 0;
    for (long t = 1; t < m; t++) { f[t] = INFINITY; last[t] = 0; if (fOut) fOut[t] = INFINITY; }
    const double logFresh = lt.lg[m];
    const double s20 = s2[0];
    long count = 0;
    double minTau = 0;
    double candidateSteps = 0, refreshes = 0;
    for (long t = m; t <= n; t++) {
        const long fresh = t - m;
        const int eligible = fresh == 0 || fresh >= m;
        logtab_need(&lt, t - (long)minTau);
        const double a1 = s1[t], a2 = s2[t], tf = (double)t;
        const double fs = f[fresh % ring], b1 = s1[fresh], b2 = s2[fresh];
        const double slack = prune_slack(fs, b2, s20);
        // F(t) = min over the candidates (ties go to the earliest tau), computed in the same pass as
        // the pruning by `fresh`: a candidate pruned now is strictly worse than another one at t
        // already, so taking it into the minimum changes nothing.
        v4 best = INFINITY, arg = 0;
        v4 vea = INFINITY, veb = -INFINITY;
        unsigned anyDead = 0;
        double muStar = 0;
        if (eligible && count > 0) {
            const long lastStart = (long)last[t - 1];
            muStar = t - 1 > lastStart ? (s1[t - 1] - s1[lastStart]) / (double)(t - 1 - lastStart) : 0;
            const double ff = (double)fresh;
            // (1) every older candidate's interval is intersected with {mu : q_tau(mu) <= q_fresh(mu)};
            // (2) the exclusion intervals {mu : q_r(mu) < q_fresh(mu) now} of the older candidates r.
            for (long i = 0; i < count; i += 4) {
                v4 ti = LD(c.T, i);
                v4 p1i = LD(c.p1, i), p2i = LD(c.p2, i), fvi = LD(c.fv, i);
                v4 len = tf - ti;
                v4 lgv = gather(lt.lg, len);
                v4 e1 = a1 - p1i;
                v4 v = fvi + vmax(a2 - p2i - e1 * e1 / len, 0) + lgv;
                m4 bm = (v < best) | ((v == best) & (ti < arg));
                best = sel(bm, v, best);
                arg = sel(bm, ti, arg);
                v4 a = ff - ti, ia = 1 / a;
                v4 d1 = b1 - p1i, d2 = b2 - p2i;
                v4 cc = d1 * ia, base = d1 * d1 - a * d2;
                v4 discE = base + a * (fs - fvi + (logFresh - lgv) - slack);
                v4 rE = vsqrt(vmax(discE, 0)) * ia;
                m4 hasE = discE > 0;
                v4 xsi = sel(hasE, cc - rE, 0), xei = sel(hasE, cc + rE, 0);
                ST(c.xs, i, xsi);
                ST(c.xe, i, xei);
                m4 inside = (xsi < muStar) & (muStar < xei);
                vea = vmin(vea, sel(inside, xsi, INFINITY));
                veb = vmax(veb, sel(inside, xei, -INFINITY));
                v4 disc = base - a * (fvi - fs - slack);
                v4 r = vsqrt(vmax(disc, 0)) * ia;
                v4 l = vmax(LD(c.lo, i), cc - r), h = vmin(LD(c.hi, i), cc + r);
                m4 keep = (disc >= 0) & (l <= h) & ~((LD(c.exA, i) < l) & (h < LD(c.exB, i)));
                ST(c.lo, i, l);
                ST(c.hi, i, h);
                unsigned kb = bits4(keep);
                c.mask[i >> 2] = (unsigned char)kb;
                anyDead |= kb ^ 15u;
            }
        } else {
            for (long i = 0; i < count; i += 4) {
                v4 ti = LD(c.T, i);
                v4 len = tf - ti;
                v4 e1 = a1 - LD(c.p1, i);
                v4 v = LD(c.fv, i) + vmax(a2 - LD(c.p2, i) - e1 * e1 / len, 0) + gather(lt.lg, len);
                m4 bm = (v < best) | ((v == best) & (ti < arg));
                best = sel(bm, v, best);
                arg = sel(bm, ti, arg);
            }
        }
        double bv = best[0], ba = arg[0];
        for (int k = 1; k < 4; k++) if (best[k] < bv || (best[k] == bv && arg[k] < ba)) { bv = best[k]; ba = arg[k]; }
        if (eligible) {
            // `fresh` is the latest candidate: it wins only when strictly better.
            const double e1 = a1 - b1;
            const double v = fs + fmax(a2 - b2 - e1 * e1 / (double)m, 0) + lt.lg[m];
            if (v < bv) { bv = v; ba = (double)fresh; }
        }
        f[t % ring] = bv + penalty;
        if (fOut) fOut[t] = f[t % ring];
        last[t] = (int32_t)ba;
        if (eligible) {
            double ea = 0, eb = 0;
            if (count > 0) {
                // `fresh` keeps one exclusion interval: the connected part of the union that contains
                // muStar (where its future competitors are), widened once by the intervals overlapping
                // it; else the widest interval.
                ea = hmin(vea);
                eb = hmax(veb);
                if (ea < eb) {
                    v4 a0 = ea, b0 = eb;
                    for (long i = 0; i < count; i += 4) {
                        v4 xsi = LD(c.xs, i), xei = LD(c.xe, i);
                        m4 touches = (xsi < xei) & (xsi < b0) & (a0 < xei);
                        vea = vmin(vea, sel(touches, xsi, INFINITY));
                        veb = vmax(veb, sel(touches, xei, -INFINITY));
                    }
                    ea = hmin(vea);
                    eb = hmax(veb);
                } else {
                    v4 bw = 0, ba4 = 0, bb4 = 0;
                    for (long i = 0; i < count; i += 4) {
                        v4 xsi = LD(c.xs, i), xei = LD(c.xe, i);
                        m4 g = (xei - xsi) > bw;
                        bw = sel(g, xei - xsi, bw);
                        ba4 = sel(g, xsi, ba4);
                        bb4 = sel(g, xei, bb4);
                    }
                    ea = 0; eb = 0;
                    for (int k = 0; k < 4; k++) if (bb4[k] - ba4[k] > eb - ea) { ea = ba4[k]; eb = bb4[k]; }
                }
                if (anyDead) {
                    const long oldCount = count;
                    for (long blk = ((oldCount + 3) >> 2) - 1; blk >= 0; blk--) {
                        unsigned d = (~c.mask[blk]) & 15u;
                        while (d) {
                            int k = 31 - __builtin_clz(d);
                            d &= ~(1u << k);
                            long i = blk * 4 + k;
                            if (i >= oldCount) continue;
                            double gone = c.T[i];
                            remove_at(&c, i, &count, pos);
                            if (gone == minTau) minTau = -1;
                        }
                    }
                }
            }
            if (count + 4 >= c.cap && !cands_grow(&c, count)) { if (stats) stats->outOfMemory = 1; goto done; }
            c.T[count] = (double)fresh; c.fv[count] = fs; c.p1[count] = b1; c.p2[count] = b2;
            c.lo[count] = -INFINITY; c.hi[count] = INFINITY; c.exA[count] = ea; c.exB[count] = eb;
            if (pos) pos[fresh] = (int)count;
            count++;
            if (minTau < 0) {
                double mt = INFINITY;
                for (long i = 0; i < count; i++) mt = fmin(mt, c.T[i]);
                minTau = mt;
            } else if (count == 1) {
                minTau = (double)fresh;
            }
            pad(&c, count);
        }
        if (lengthTerm) {
            // Refresh the exclusions of the candidates aged 8m, 32m, 128m, ... (every age 4m, 16m, ...
            // keeps slightly fewer candidates but costs more than it saves).
            for (long age = 8 * m; age <= t; age *= 4) {
                long tau = t - age;
                if (tau != 0 && tau < m) continue;
                int i = pos[tau];  // set: tau <= t - 8m was inserted at tau + m (pos is not pre-filled)
                if (i < 0 || count < 2) continue;
                refreshes += 1;
                if (refresh(&c, i, count, t, lt.lg, s20)) {
                    double gone = c.T[i];
                    remove_at(&c, i, &count, pos);
                    if (gone == minTau) {
                        double mt = INFINITY;
                        for (long k = 0; k < count; k++) mt = fmin(mt, c.T[k]);
                        minTau = mt;
                    }
                    pad(&c, count);
                }
            }
        }
        candidateSteps += (double)count;
    }
    result = f[n % ring];
    if (stats) { stats->candidateSteps = candidateSteps; stats->refreshes = refreshes; }
done:
    free(lt.lg);
    free(f);
    free(pos);
    if (c.block) cands_free(&c);
    return result;
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) static double kernel_avx2(
    const double *s1, const double *s2, long n, long m, double penalty, int lengthTerm, int32_t *last, double *fOut, sextant_pelt_stats *stats) {
    return kernel_body(s1, s2, n, m, penalty, lengthTerm, last, fOut, stats);
}
#endif

static double kernel_portable(
    const double *s1, const double *s2, long n, long m, double penalty, int lengthTerm, int32_t *last, double *fOut, sextant_pelt_stats *stats) {
    return kernel_body(s1, s2, n, m, penalty, lengthTerm, last, fOut, stats);
}

double sextant_pelt_mean(const double *s1, const double *s2, long n, long m, double penalty,
                         int lengthTerm, int portableOnly, int32_t *last, double *fOut,
                         sextant_pelt_stats *stats) {
    if (m < 1) m = 1;
    if (stats) stats->outOfMemory = 0;
#if defined(__x86_64__) || defined(__i386__)
    if (!portableOnly && __builtin_cpu_supports("avx2")) {
        if (stats) stats->vectorISA = 2;
        return kernel_avx2(s1, s2, n, m, penalty, lengthTerm, last, fOut, stats);
    }
#endif
    if (stats) stats->vectorISA = 1;
    return kernel_portable(s1, s2, n, m, penalty, lengthTerm, last, fOut, stats);
}
