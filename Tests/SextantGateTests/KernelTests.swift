import Foundation
import SextantNumerics
import Testing
@testable import SextantGate
import SextantAnalysis
import SextantTestSupport

/// Reference values from scipy 1.17 / statsmodels (datasets/reference and the values quoted inline).
@Suite struct KernelTests {
    static func reference() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("datasets/reference/two_sample_tests.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    @Test func distributionsAgainstScipy() {
        // scipy.stats.t.ppf(0.975, 3), t.ppf(0.975, 29), t.cdf(-2.5, 7), norm.ppf(0.975), t.ppf(0.995, 1)
        #expect(abs(GateDistributions.studentQuantile(0.975, df: 3) - 3.1824463052837078) < 1e-10)
        #expect(abs(GateDistributions.studentQuantile(0.975, df: 29) - 2.045229642132703) < 1e-10)
        #expect(abs(GateDistributions.studentCDF(-2.5, df: 7) - 0.020496109292876444) < 1e-13)
        #expect(abs(GateDistributions.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(GateDistributions.studentQuantile(0.995, df: 1) - 63.656741162871526) < 1e-8)
        #expect(abs(GateDistributions.studentQuantile(0.025, df: 3) + 3.1824463052837078) < 1e-10)
    }

    /// The gate's call: U of the candidate, exact without ties up to 2500 pairs.
    func mw(baseline: [Double], candidate: [Double]) -> MannWhitneyU.Result {
        MannWhitneyU.test(sortedX: candidate.sorted(), sortedY: baseline.sorted(), method: .exactIfPairsAtMost(2500))
    }

    @Test func mannWhitneyAgainstScipy() throws {
        let ref = try Self.reference()
        let samples = ref["samples"] as! [String: [Double]]
        func p(_ key: String) -> (Double, Double) {
            let mw = (ref[key] as! [String: Any])["mann_whitney"] as! [String: [String: Double]]
            let r = mw["asymptotic(tie-corrected)+continuity/two-sided"]!
            return (r["U1"]!, r["pvalue"]!)
        }
        // scipy's U1 is the first sample's U: here the "candidate".
        // No ties: the exact null distribution (scipy method='exact').
        let ab = mw(baseline: samples["b"]!, candidate: samples["a"]!)
        let exact = ((ref["a_vs_b"] as! [String: Any])["mann_whitney"] as! [String: [String: Double]])["exact/two-sided"]!
        #expect(ab.statistic == exact["U1"]!)
        #expect(abs(ab.pValue - exact["pvalue"]!) < 1e-12)
        // scipy.stats.mannwhitneyu(y, x, method='exact') for 3 runs above all of 20: 2 / C(23, 3)
        let top = mw(baseline: (0..<20).map(Double.init), candidate: [30, 31, 32])
        #expect(abs(top.pValue - 2.0 / 1771.0) < 1e-15)
        let cd = mw(baseline: samples["d_with_ties"]!, candidate: samples["c_with_ties"]!)
        #expect(cd.statistic == p("c_vs_d_ties").0)
        #expect(abs(cd.pValue - p("c_vs_d_ties").1) < 1e-12)
        // scipy.stats.mannwhitneyu(b, a, method='asymptotic') with ties across samples: U=53, p=0.1116906388581738
        let x = mw(baseline: [1.1, 2.3, 2.3, 3.4, 4.0, 5.5, 6.1, 7.0],
                                 candidate: [2.0, 3.4, 3.9, 5.5, 6.8, 7.7, 8.1, 9.0, 9.5])
        #expect(x.statistic == 53)
        #expect(abs(x.pValue - 0.1116906388581738) < 1e-12)
    }

    @Test func benjaminiHochbergAgainstStatsmodels() {
        // statsmodels multipletests([...], method='fdr_bh')[1]
        let q = BenjaminiHochberg.adjust([0.01, 0.04, 0.03, 0.005, 0.5, 0.2])
        let expected = [0.03, 0.06, 0.06, 0.03, 0.5, 0.24]
        for (a, b) in zip(q, expected) { #expect(abs(a - b) < 1e-12) }
        #expect(BenjaminiHochberg.adjust([]).isEmpty)
    }

    @Test func bootstrapIsSeededAndCoversTheTruth() {
        var rng = SeededGenerator(seed: 7)
        var ws = RatioBootstrap.Workspace()
        // Identical seeds give identical intervals.
        let a = (0..<60).map { _ in 1 + Double.random(in: 0..<0.2, using: &rng) }
        let b = a.map { $0 * 1.1 }
        let r1 = RatioBootstrap.medianRatio(baseline: a, candidate: b, resamples: 2000, seed: 1, workspace: &ws)
        let r2 = RatioBootstrap.medianRatio(baseline: a, candidate: b, resamples: 2000, seed: 1, workspace: &ws)
        #expect(r1 == r2)
        #expect(abs(r1.estimate - 1.1) < 1e-12)
        // Coverage of the true ratio 1.05 over repeated lognormal samples: close to 95%.
        var covered = 0
        let trials = 300
        for t in 0..<trials {
            let base = (0..<40).map { _ in exp(0.1 * normal(&rng)) }
            let cand = (0..<40).map { _ in 1.05 * exp(0.1 * normal(&rng)) }
            let ci = RatioBootstrap.medianRatio(baseline: base, candidate: cand, resamples: 1000, seed: UInt64(t), workspace: &ws)
            if ci.lower <= 1.05 && 1.05 <= ci.upper { covered += 1 }
        }
        let coverage = Double(covered) / Double(trials)
        #expect(coverage > 0.89 && coverage < 0.99, "coverage \(coverage)")
    }

    @Test func resampledMedianMatchesASortedCopy() {
        var rng = SeededGenerator(seed: 3)
        for n in [1, 2, 3, 4, 7, 10] {
            let x = (0..<n).map { Double($0) * 1.5 + 1 }
            var counts = [Int32](repeating: 0, count: n)
            var check = SeededGenerator(seed: UInt64(n))
            for _ in 0..<50 {
                var replay = check
                let m = x.withUnsafeBufferPointer { px in
                    counts.withUnsafeMutableBufferPointer { RatioBootstrap.resampledMedian(px, $0, &check) }
                }
                if n == 1 { #expect(m == x[0]); continue }
                var drawn: [Double] = []
                var i = 0
                while i + 1 < n {
                    let r = replay.next()
                    drawn.append(x[Int(((r & 0xFFFF_FFFF) * UInt64(n)) >> 32)])
                    drawn.append(x[Int(((r >> 32) * UInt64(n)) >> 32)])
                    i += 2
                }
                if i < n { drawn.append(x[replay.nextIndex(below: n)]) }
                #expect(m == Descriptive.median(sorted: drawn.sorted()))
            }
            _ = rng.next()
        }
    }

    @Test func predictionIntervalMatchesTheTFormula() throws {
        // log-scale window; scipy: t.ppf(0.975, 4) = 2.7764451051977987
        let window = [10.0, 10.4, 9.8, 10.1, 10.2]
        let r = try #require(RunToRun.compare(baseline: window, candidate: 11.0, confidence: 0.95))
        let logs = window.map { log($0) }
        let m = logs.reduce(0, +) / 5
        let s = (logs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 4).squareRoot()
        let half = 2.7764451051977987 * s * (1.2).squareRoot()
        #expect(abs(r.effect.estimate - exp(log(11.0) - m)) < 1e-12)
        #expect(abs(r.effect.lower - exp(log(11.0) - m - half)) < 1e-9)
        #expect(abs(r.effect.upper - exp(log(11.0) - m + half)) < 1e-9)
        // The p-value is below 0.05 exactly when 1 lies outside the interval.
        #expect((r.pValue < 0.05) == (r.effect.lower > 1 || r.effect.upper < 1))
    }

    @Test func severalCandidateRunsGiveThePooledTTest() throws {
        // scipy.stats.ttest_ind(log y, log x) (pooled variance): p = 0.001718502322128394
        let r = try #require(RunToRun.compare(baseline: [10.0, 10.4, 9.8, 10.1, 10.2, 10.3],
                                              candidates: [10.9, 11.2, 10.7], confidence: 0.95))
        #expect(abs(r.pValue - 0.001718502322128394) < 1e-12)
        #expect(r.effect.lower > 1)
    }
}
