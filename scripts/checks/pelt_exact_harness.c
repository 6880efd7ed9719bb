// Exactness check of the PELT change-in-mean kernel (Sources/_ChangePointKernels/pelt_mean.c) against
// the plain optimal-partitioning recursion (Jackson et al. 2005), F(t) compared at EVERY t, on many
// random signals, compiled optimised so that thousands of O(n^2) references take seconds.
// The Swift property tests (Tests/SextantChangePointTests) check the same in the debug build on fewer
// and shorter signals; a pruning error that shows on a few percent of long MBIC signals needs this many.
//
// Usage: pelt_exact_harness [signals] [seed]   (exit 1 and the first failing case on a mismatch)
#include "_ChangePointKernels.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state;
static unsigned long long next(void) {
    unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static double uniform(void) { return (double)(next() >> 11) / 9007199254740992.0; }
static double normal(void) {
    double u = uniform(), v = uniform();
    if (u < 1e-300) u = 1e-300;
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

// Piecewise-constant means with geometric segment lengths (mean L), jumps N(0, s^2), unit noise;
// kind 1: a slow drift; kind 2: two alternating levels; kind 3: quantised values.
static void signal(double *y, long n, int kind, double L, double s) {
    double level = 0;
    long left = 0;
    double slope = 0.02 * normal();
    double a = 2 * normal(), b = 2 * normal();
    long period = 5 + (long)(next() % 60);
    for (long i = 0; i < n; i++) {
        if (left == 0) { level = s * normal(); left = 1 + (long)(-log(1 - uniform()) * L); }
        left--;
        double e = normal();
        switch (kind) {
        case 1: y[i] = slope * (double)i + e; break;
        case 2: y[i] = ((i / period) % 2 ? a : b) + e; break;
        case 3: y[i] = round(2 * (level + e)) / 2; break;
        default: y[i] = level + e;
        }
    }
}

int main(int argc, char **argv) {
    long signals = argc > 1 ? atol(argv[1]) : 2000;
    state = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261126ULL;
    const long maxN = 1600;
    double *y = malloc(maxN * sizeof(double)), *s1 = malloc((maxN + 1) * sizeof(double)),
           *s2 = malloc((maxN + 1) * sizeof(double)), *f = malloc((maxN + 1) * sizeof(double)),
           *ref = malloc((maxN + 1) * sizeof(double)), *lg = malloc((maxN + 1) * sizeof(double));
    long *last = malloc((maxN + 1) * sizeof(long));
    long checked = 0, mbic = 0;
    for (long k = 0; k < signals; k++) {
        long n = 200 + (long)(next() % (maxN - 199));
        long m = 1 + (long)(next() % 4);
        int kind = (int)(next() % 6);
        if (kind > 3) kind = 0;  // half of the signals piecewise constant
        double L = (double[]){5, 20, 60, 150, 400}[next() % 5];
        double s = (double[]){0.5, 1, 2, 4}[next() % 4];
        int pen = (int)(next() % 4);  // 0, 1: MBIC; 2: BIC; 3: small manual with the MBIC term
        int lengthTerm = pen != 2;
        double beta = pen == 2 ? 2 * log((double)n) : (pen == 3 ? 0.5 + uniform() : 3 * log((double)n));
        signal(y, n, kind, L, s);
        double centre = 0;
        for (long i = 0; i < n; i++) centre += y[i];
        centre /= (double)n;
        s1[0] = s2[0] = 0;
        for (long i = 0; i < n; i++) { double v = y[i] - centre; s1[i + 1] = s1[i] + v; s2[i + 1] = s2[i] + v * v; }
        for (long i = 1; i <= n; i++) lg[i] = lengthTerm ? log((double)i) : 0;
        sextant_pelt_stats st;
        sextant_pelt_mean(s1, s2, n, m, beta, lengthTerm, (int)(k % 2), last, f, &st);
        // Reference: F(t) = min over tau in {0} U [m, t - m] of F(tau) + C(tau, t) + beta.
        ref[0] = -beta;
        for (long t = 1; t < m; t++) ref[t] = INFINITY;
        for (long t = m; t <= n; t++) {
            double best = INFINITY;
            for (long tau = 0; tau <= t - m; tau++) {
                if (tau != 0 && tau < m) continue;
                double len = (double)(t - tau), d1 = s1[t] - s1[tau];
                double rss = s2[t] - s2[tau] - d1 * d1 / len;
                double v = ref[tau] + (rss > 0 ? rss : 0) + lg[t - tau];
                if (v < best) best = v;
            }
            ref[t] = best + beta;
        }
        for (long t = m; t <= n; t++) {
            if (fabs(f[t] - ref[t]) > 1e-9 * fmax(1, fabs(ref[t]))) {
                printf("MISMATCH signal %ld: n %ld m %ld kind %d L %g s %g penalty %d (beta %.6g, MBIC term %d), "
                       "t %ld: kernel %.17g, optimal partitioning %.17g\n", k, n, m, kind, L, s, pen, beta, lengthTerm,
                       t, f[t], ref[t]);
                return 1;
            }
        }
        checked++;
        mbic += lengthTerm;
    }
    printf("pelt exact: F(t) equal to optimal partitioning at every t on %ld signals (%ld with MBIC's term)\n", checked, mbic);
    return 0;
}
