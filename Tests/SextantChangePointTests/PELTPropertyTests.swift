import SextantTestSupport
import Foundation
import PropertyBased
import Testing
@testable import SextantChangePoint

/// A random piecewise signal from a seed: 1 to 6 segments with random means (and, for the
/// mean-and-variance model, random noise scales), optionally quantised to produce ties.
func piecewiseSignal(seed: UInt64, count n: Int, varyScale: Bool, quantise: Bool) -> [Double] {
    var rng = SplitMix64(seed: seed)
    func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
    func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    let segments = 1 + Int(rng.next() % 6)
    var cuts = (0..<(segments - 1)).map { _ in Int(rng.next() % UInt64(n)) }.sorted()
    cuts.append(n)
    var out: [Double] = []
    var level = 0.0, scale = 1.0
    var k = 0
    for i in 0..<n {
        if i == 0 || (k < cuts.count && i >= cuts[k]) {
            while k < cuts.count && i >= cuts[k] { k += 1 }
            level = 4 * normal()
            scale = varyScale ? exp(normal()) : 1
        }
        let y = level + scale * normal()
        out.append(quantise ? y.rounded() : y)
    }
    return out
}

@Suite("PELT is exactly optimal partitioning")
struct PELTPropertyTests {
    @Test("PELT == O(n^2) optimal partitioning on random piecewise signals (mean and mean+variance, BIC/MBIC/manual, min size 1-5)")
    func peltEqualsOptimalPartitioning() async {
        await propertyCheck(
            count: 1000, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 2...160), Gen.int(in: 1...5), Gen.int(in: 0...11)
        ) { seed, n, minSize, variant in
            let model: CostModel = variant % 2 == 0 ? .mean : .meanVariance
            let penalty: Penalty = [.bic, .mbic, .manual(Double(variant)), .manual(0.5)][variant % 4]
            let quantise = variant >= 8
            let x = piecewiseSignal(seed: UInt64(seed), count: n, varyScale: model == .meanVariance, quantise: quantise)
            let cost = NormalSegmentCost(x, model: model, segmentLengthTerm: penalty.addsSegmentLengthTerm)
            let beta = penalty.value(n: n, model: model)
            let pelt = PELT.segment(cost: cost, penalty: beta, minimumSegmentLength: minSize)
            let exact = OptimalPartitioning.segment(cost: cost, penalty: beta, minimumSegmentLength: minSize)
            let context = "seed \(seed) n \(n) m \(minSize) \(model) \(penalty)"
            #expect(abs(pelt.objective - exact.objective) <= 1e-9 * max(1, abs(exact.objective)), "\(context)")
            // Quantised values can tie two segmentations exactly; otherwise the optimum is unique.
            if !quantise { #expect(pelt.changePoints == exact.changePoints, "\(context)") }
            let bounds = [0] + pelt.changePoints + [n]
            if n >= 2 * minSize {
                #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $1 - $0 >= minSize })
            }
        }
    }

    @Test("The optimum's objective equals the sum of its segment costs plus k penalties")
    func objectiveIsConsistent() {
        let x = piecewiseSignal(seed: 42, count: 300, varyScale: false, quantise: false)
        let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: true)
        let beta = Penalty.mbic.value(n: x.count, model: .mean)
        let seg = PELT.segment(cost: cost, penalty: beta, minimumSegmentLength: 2)
        let b = [0] + seg.changePoints + [x.count]
        let total = zip(b, b.dropFirst()).map { cost.cost($0, $1) }.reduce(0, +) + beta * Double(seg.changePoints.count)
        #expect(abs(total - seg.objective) < 1e-8 * abs(total))
    }

    @Test("MBIC and BIC penalties as R's changepoint: (diffparam + 2) log n and (diffparam + 1) log n")
    func penalties() {
        let n = 1000, l = log(1000.0)
        #expect(Penalty.mbic.value(n: n, model: .mean) == 3 * l)
        #expect(Penalty.mbic.value(n: n, model: .meanVariance) == 4 * l)
        #expect(Penalty.bic.value(n: n, model: .mean) == 2 * l)
        #expect(Penalty.bic.value(n: n, model: .meanVariance) == 3 * l)
        #expect(Penalty(parsing: "7.5") == .manual(7.5))
        #expect(Penalty(parsing: "-1") == nil)
        // The MBIC segment term: log of the segment length added to the likelihood cost.
        let x: [Double] = [1, 2, 4, 8, 3]
        let plain = NormalSegmentCost(x, model: .mean), mbic = NormalSegmentCost(x, model: .mean, segmentLengthTerm: true)
        #expect(abs(mbic.cost(1, 5) - plain.cost(1, 5) - log(4.0)) < 1e-12)
        // RSS of [2, 4, 8, 3]: mean 4.25, sum of squares 4.25^2... computed directly.
        let m = 4.25, rss = [2.0, 4, 8, 3].map { ($0 - m) * ($0 - m) }.reduce(0, +)
        #expect(abs(plain.cost(1, 5) - rss) < 1e-12)
    }

    @Test("Binary segmentation finds clear steps and respects the minimum segment length")
    func binarySegmentation() {
        var x = [Double](repeating: 0, count: 300)
        for i in 100..<200 { x[i] = 5 }
        for i in 0..<300 { x[i] += 0.3 * sin(Double(i) * 12.9898).truncatingRemainder(dividingBy: 1) }
        let cost = NormalSegmentCost(x.map { $0 / 0.2 }, model: .mean)
        let seg = BinarySegmentation.segment(cost: cost, penalty: 3 * log(300.0), minimumSegmentLength: 5)
        #expect(seg.changePoints == [100, 200])
    }
}
