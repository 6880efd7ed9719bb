import Foundation
import Testing
@testable import SextantNumerics

@Suite("Descriptive statistics")
struct DescriptiveTests {
    @Test("mean, variance, median, MAD, quantiles (all nine types) and autocorrelation agree with numpy/scipy")
    func againstNumpy() throws {
        let f = try fixture("descriptive.json")
        for (name, sample) in f["samples"].object {
            let x = sample.doubles
            let r = f["results"][name]
            #expect(relativeError(Descriptive.mean(x), r["mean"].double) <= 1e-14, "\(name) mean")
            #expect(relativeError(Descriptive.variance(x), r["var"].double) <= 1e-12, "\(name) var")
            #expect(relativeError(Descriptive.standardDeviation(x), r["sd"].double) <= 1e-12, "\(name) sd")
            #expect(relativeError(Descriptive.median(x), r["median"].double) <= 1e-15, "\(name) median")
            #expect(relativeError(Descriptive.mad(x), r["mad"].double) <= 1e-12, "\(name) mad")
            #expect(relativeError(Descriptive.mad(x, scale: 1), r["mad_raw"].double) <= 1e-15, "\(name) raw mad")
            let acf = r["acf"]
            for k in 1...3 {
                #expect(relativeError(Descriptive.autocorrelation(x, lag: k), acf[String(k)].double) <= 1e-12, "\(name) acf \(k)")
            }
            let qs = r["quantiles"]
            for type in QuantileType.allCases {
                let byP = qs[String(type.rawValue)]
                for (pString, ref) in byP.object {
                    let p = Double(pString)!
                    let q = Descriptive.quantile(x, p, type: type)
                    #expect(relativeError(q, ref.double) <= 1e-14, "\(name) type \(type.rawValue) p=\(p): \(q) vs \(ref.double)")
                }
            }
        }
    }

    @Test("empty and too-short samples give NaN")
    func empty() {
        #expect(Descriptive.mean([]).isNaN)
        #expect(Descriptive.variance([1]).isNaN)
        #expect(Descriptive.median([]).isNaN)
        #expect(Descriptive.autocorrelation([1, 2], lag: 2).isNaN)
    }

    @Test("the median by selection: the sorted middle on slices and arrays of every parity, NaN for NaN")
    func medianBySelection() {
        var g = SeededGenerator(seed: 7)
        for n in 1...40 {
            let x = (0..<(n + 3)).map { _ in (Double.random(in: 0..<1, using: &g) * 20).rounded() }  // ties
            let part = x[2..<(n + 2)]
            let s = part.sorted()
            #expect(Descriptive.median(part) == Descriptive.median(sorted: s), "n = \(n)")
            #expect(Descriptive.median(Array(part)) == Descriptive.median(sorted: s), "n = \(n)")
        }
        #expect(Descriptive.median([1, .nan, 3]).isNaN)
    }

    @Test("seeded generator: reproducible, uniform in [0, 1), unbiased indices")
    func generator() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }, xc = (0..<5).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
        var g = SeededGenerator(seed: 7)
        var counts = [Int](repeating: 0, count: 10)
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = g.nextUniform()
            #expect(u >= 0 && u < 1)
            sum += u
            counts[g.nextIndex(below: 10)] += 1
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.005)
        // Chi-square goodness of fit of the 10 cells at the 1e-6 level.
        let chi = counts.reduce(0.0) { $0 + pow(Double($1) - 10_000, 2) / 10_000 }
        #expect(ChiSquared(degreesOfFreedom: 9).survival(chi) > 1e-6)
    }
}
