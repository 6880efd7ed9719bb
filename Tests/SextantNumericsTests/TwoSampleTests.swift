import Foundation
import Testing
@testable import SextantNumerics

@Suite("Two-sample tests, trend tests and adjustments against scipy/statsmodels")
struct TwoSampleTests {
    static let alternatives: [(String, Alternative)] = [("two-sided", .twoSided), ("less", .less), ("greater", .greater)]
    static let tol = 1e-12

    static func expectClose(_ a: Double, _ b: Double, _ what: String, tol: Double = tol) {
        #expect(relativeError(a, b) <= tol, "\(what): \(a) vs \(b)")
    }

    @Test("Welch and pooled t: statistic, df, p-value and CI (1e-12)")
    func tTests() throws {
        let f = try fixture("two_sample.json")
        for (name, r) in f["pairs"].object {
            let x = r["x"].doubles, y = r["y"].doubles
            for (an, alt) in Self.alternatives {
                for (key, res) in [("welch", TTest.welch(x, y, alternative: alt)), ("pooled", TTest.pooled(x, y, alternative: alt))] {
                    let ref = r[key][an]
                    Self.expectClose(res.statistic, ref["t"].double, "\(name) \(key) \(an) t")
                    Self.expectClose(res.degreesOfFreedom, ref["df"].double, "\(name) \(key) \(an) df")
                    Self.expectClose(res.pValue, ref["p"].double, "\(name) \(key) \(an) p")
                    Self.expectClose(res.confidenceInterval.lower, ref["ci"][0].double, "\(name) \(key) \(an) ci lower")
                    Self.expectClose(res.confidenceInterval.upper, ref["ci"][1].double, "\(name) \(key) \(an) ci upper")
                }
            }
        }
    }

    @Test("Welch t of two constant samples: the limit of a vanishing common variance, not NaN")
    func welchOfConstantSamples() {
        let equal = TTest.welch([2, 2, 2], [2, 2])
        #expect(equal.pValue == 1 && equal.degreesOfFreedom == 3 && equal.standardError == 0)
        let apart = TTest.welch([3, 3, 3], [2, 2])
        #expect(apart.pValue == 0 && apart.statistic == .infinity && apart.meanDifference == 1)
        #expect(TTest.welch([3, 3, 3], [2, 2], alternative: .greater).pValue == 0)
        #expect(TTest.welch([3, 3, 3], [2, 2], alternative: .less).pValue == 1)
        #expect(TTest.welch([3, 3, 3], [2, 2], alternative: .less).confidenceInterval.lower == -.infinity)
        // One point on a side: no variance estimate, so no test.
        #expect(TTest.welch([3], [2, 2.5]).pValue.isNaN)
    }

    @Test("Mann-Whitney U: exact, asymptotic with and without continuity, automatic choice (1e-12)")
    func mannWhitney() throws {
        let f = try fixture("two_sample.json")
        for (name, r) in f["pairs"].object {
            let x = r["x"].doubles, y = r["y"].doubles
            for (an, alt) in Self.alternatives {
                let ref = r["mwu"][an]
                let cases: [(String, MannWhitneyU.Method, Bool)] = [("asymptotic_cc", .asymptotic, true), ("asymptotic", .asymptotic, false), ("exact", .exact, true), ("auto", .automatic, true)]
                for (key, method, cc) in cases where !ref[key].isNull {
                    let res = MannWhitneyU.test(x, y, alternative: alt, method: method, continuityCorrection: cc)
                    Self.expectClose(res.statistic, ref[key]["U"].double, "\(name) \(an) \(key) U")
                    Self.expectClose(res.pValue, ref[key]["p"].double, "\(name) \(an) \(key) p")
                }
            }
        }
    }

    @Test("Kolmogorov-Smirnov: exact for all alternatives (1e-12), one-sided asymptotic, Kolmogorov limit")
    func ks() throws {
        let f = try fixture("two_sample.json")
        for (name, r) in f["pairs"].object {
            let x = r["x"].doubles, y = r["y"].doubles
            for (an, alt) in Self.alternatives {
                let ref = r["ks"][an]
                let exact = KolmogorovSmirnov.test(x, y, alternative: alt, method: .exact)
                Self.expectClose(exact.statistic, ref["exact"]["D"].double, "\(name) \(an) D")
                Self.expectClose(exact.pValue, ref["exact"]["p"].double, "\(name) \(an) exact p")
                #expect(KolmogorovSmirnov.test(x, y, alternative: alt).method == .exact)
                let asym = KolmogorovSmirnov.test(x, y, alternative: alt, method: .asymptotic)
                let key = alt == .twoSided ? "kolmogorov_limit" : "asymp"
                Self.expectClose(asym.pValue, ref[key]["p"].double, "\(name) \(an) asymptotic p")
            }
        }
    }

    @Test("Hodges-Lehmann shift and its interval (exact by enumeration in the fixture, normal approximation)")
    func hodgesLehmann() throws {
        let f = try fixture("two_sample.json")
        for (name, r) in f["pairs"].object {
            let res = HodgesLehmann.shift(r["x"].doubles, r["y"].doubles)
            let ref = r["hodges_lehmann"]
            Self.expectClose(res.estimate, ref["estimate"].double, "\(name) HL")
            #expect(res.exact == (ref["exact"] == .bool(true)))
            Self.expectClose(res.confidenceInterval.lower, ref["ci95"][0].double, "\(name) HL lower")
            Self.expectClose(res.confidenceInterval.upper, ref["ci95"][1].double, "\(name) HL upper")
        }
    }

    @Test("bootstrap percentile and BCa intervals reproduce scipy's formulas on the same resamples (Python twin of the generator)")
    func bootstrap() throws {
        let f = try fixture("two_sample.json")
        let pair = f["pairs"]["mid_30_45"]
        let x = pair["x"].doubles, y = pair["y"].doubles
        var g = SeededGenerator(seed: 42)
        #expect((0..<3).map { _ in String(g.next()) } == f["generator_seed42_first"].array.map { $0.string! })
        func check(_ key: String, _ make: (Bootstrap.Method, Double, Int, UInt64) -> Bootstrap.Result) {
            let ref = f["bootstrap"][key]
            let level = ref["level"].double, B = Int(ref["B"].double), seed = UInt64(ref["seed"].double)
            let pct = make(.percentile, level, B, seed)
            let bca = make(.bca, level, B, seed)
            Self.expectClose(pct.estimate, ref["estimate"].double, "\(key) estimate")
            Self.expectClose(pct.confidenceInterval.lower, ref["percentile"][0].double, "\(key) percentile lower")
            Self.expectClose(pct.confidenceInterval.upper, ref["percentile"][1].double, "\(key) percentile upper")
            Self.expectClose(bca.biasCorrection, ref["z0"].double, "\(key) z0", tol: 1e-10)
            Self.expectClose(bca.acceleration, ref["a"].double, "\(key) a", tol: 1e-10)
            Self.expectClose(bca.confidenceInterval.lower, ref["bca"][0].double, "\(key) bca lower", tol: 1e-10)
            Self.expectClose(bca.confidenceInterval.upper, ref["bca"][1].double, "\(key) bca upper", tol: 1e-10)
        }
        check("ratio_of_medians") { Bootstrap.ratioOfMedians(x, y, method: $0, level: $1, replicates: $2, seed: $3) }
        check("ratio_of_means") { Bootstrap.ratioOfMeans(x, y, method: $0, level: $1, replicates: $2, seed: $3) }
        check("mean_one_sample") { Bootstrap.interval(x, statistic: Descriptive.mean, method: $0, level: $1, replicates: $2, seed: $3) }
        // Same seed, same interval; different seed, different resamples.
        let a = Bootstrap.ratioOfMedians(x, y, replicates: 200, seed: 1), b = Bootstrap.ratioOfMedians(x, y, replicates: 200, seed: 1)
        #expect(a.confidenceInterval == b.confidenceInterval)
        #expect(a.distribution != Bootstrap.ratioOfMedians(x, y, replicates: 200, seed: 2).distribution)
    }

    @Test("Theil-Sen slope, intercept and interval match scipy.theilslopes; Mann-Kendall matches the textbook formula")
    func trend() throws {
        let f = try fixture("two_sample.json")
        for (name, r) in f["theil_sen"].object {
            let y = r["y"].doubles
            let ts = TheilSen.fit(y)
            Self.expectClose(ts.slope, r["slope"].double, "\(name) slope")
            Self.expectClose(ts.intercept, r["intercept"].double, "\(name) intercept")
            Self.expectClose(ts.confidenceInterval.lower, r["ci"][0].double, "\(name) lower")
            Self.expectClose(ts.confidenceInterval.upper, r["ci"][1].double, "\(name) upper")
            let ts90 = TheilSen.fit(y, level: 0.90)
            Self.expectClose(ts90.confidenceInterval.lower, r["ci90"][0].double, "\(name) lower 90")
            Self.expectClose(ts90.confidenceInterval.upper, r["ci90"][1].double, "\(name) upper 90")
            let mk = MannKendall.test(y)
            Self.expectClose(mk.s, r["mk"]["S"].double, "\(name) S")
            Self.expectClose(mk.variance, r["mk"]["var"].double, "\(name) var S")
            Self.expectClose(mk.pValue, r["mk"]["p"].double, "\(name) MK p")
            Self.expectClose(MannKendall.test(y, alternative: .greater).pValue, r["mk"]["p_greater"].double, "\(name) MK p greater")
            if name == "series" { Self.expectClose(mk.tau, r["mk"]["kendall_tau_b"].double, "tau (no ties)") }
        }
    }

    @Test("R's wilcox.test (exact, conf.int) and ks.test (exact) on the small pair (1e-12)")
    func againstR() throws {
        let f = try fixture("two_sample.json")
        let r = f["r_small_8_10"]
        guard !r.isNull else { return }  // the generator ran without Rscript
        let x = f["pairs"]["small_8_10"]["x"].doubles, y = f["pairs"]["small_8_10"]["y"].doubles
        let mw = MannWhitneyU.test(x, y)
        Self.expectClose(mw.statistic, r["W"].double, "W")
        Self.expectClose(mw.pValue, r["p_exact"].double, "wilcox p")
        let hl = HodgesLehmann.shift(x, y)
        Self.expectClose(hl.estimate, r["hl_estimate"].double, "HL estimate")
        Self.expectClose(hl.confidenceInterval.lower, r["hl_ci95"][0].double, "HL lower")
        Self.expectClose(hl.confidenceInterval.upper, r["hl_ci95"][1].double, "HL upper")
        let ks = KolmogorovSmirnov.test(x, y)
        Self.expectClose(ks.statistic, r["ks_D"].double, "KS D")
        Self.expectClose(ks.pValue, r["ks_p_exact"].double, "KS p")
    }

    @Test("Benjamini-Hochberg and Holm agree with statsmodels multipletests")
    func adjustments() throws {
        let f = try fixture("two_sample.json")
        let p = f["multiple"]["p"].doubles
        for (a, b) in zip(BenjaminiHochberg.adjust(p), f["multiple"]["bh"].doubles) { Self.expectClose(a, b, "BH") }
        for (a, b) in zip(Holm.adjust(p), f["multiple"]["holm"].doubles) { Self.expectClose(a, b, "Holm") }
        #expect(BenjaminiHochberg.adjust([]).isEmpty)
        #expect(BenjaminiHochberg.adjust([0.01, .nan])[1].isNaN)
    }

    @Test("datasets/reference/two_sample_tests.json: Mann-Whitney and t tests (1e-12)")
    func referenceFile() throws {
        let f = try datasetJSON("datasets/reference/two_sample_tests.json")
        let s = f["samples"]
        let pairs = [("a_vs_b", s["a"].doubles, s["b"].doubles), ("c_vs_d_ties", s["c_with_ties"].doubles, s["d_with_ties"].doubles)]
        var checked = 0
        for (key, x, y) in pairs {
            for (label, ref) in f[key]["mann_whitney"].object {
                let parts = label.split(separator: "/")
                let alt: Alternative = parts[1] == "less" ? .less : (parts[1] == "greater" ? .greater : .twoSided)
                let method: MannWhitneyU.Method = parts[0] == "exact" ? .exact : .asymptotic
                let res = MannWhitneyU.test(x, y, alternative: alt, method: method, continuityCorrection: parts[0].hasSuffix("+continuity"))
                Self.expectClose(res.statistic, ref["U1"].double, "\(key) \(label) U")
                Self.expectClose(res.pValue, ref["pvalue"].double, "\(key) \(label) p")
                checked += 1
            }
            for (label, ref) in f[key]["t_tests"].object {
                let parts = label.split(separator: "/")
                let alt: Alternative = parts[1] == "less" ? .less : (parts[1] == "greater" ? .greater : .twoSided)
                let res = parts[0] == "welch" ? TTest.welch(x, y, alternative: alt) : TTest.pooled(x, y, alternative: alt)
                Self.expectClose(res.statistic, ref["t"].double, "\(key) \(label) t")
                Self.expectClose(res.degreesOfFreedom, ref["df"].double, "\(key) \(label) df")
                Self.expectClose(res.pValue, ref["pvalue"].double, "\(key) \(label) p")
                let ci = ref["ci95_mean_diff(x1-x2)"]
                if !ci.isNull {
                    Self.expectClose(res.confidenceInterval.lower, ci[0].double, "\(key) \(label) ci")
                    Self.expectClose(res.confidenceInterval.upper, ci[1].double, "\(key) \(label) ci")
                }
                checked += 1
            }
        }
        #expect(checked >= 20)
        // The exact test is what the automatic choice picks for a vs b (n <= 8, no ties).
        #expect(MannWhitneyU.test(s["a"].doubles, s["b"].doubles).method == .exact)
    }
}

extension JSON: Equatable {
    static func == (l: JSON, r: JSON) -> Bool {
        switch (l, r) {
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }
}
