import SextantTestSupport
import Foundation
import PropertyBased
import Testing
@testable import SextantChangePoint

/// Signals that stress the change-in-mean kernel's pruning: long constant stretches (exact ties in
/// every cost), many short segments, slow drifts, repeated levels (old candidates that become best
/// again), and isolated outliers.
func adversarialSignal(seed: UInt64, count n: Int, kind: Int) -> [Double] {
    var rng = SplitMix64(seed: seed)
    func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
    func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    switch kind % 5 {
    case 0:  // constant stretches separated by steps, some stretches noisy
        var out: [Double] = []
        while out.count < n {
            let length = 1 + Int(rng.next() % UInt64(max(1, n / 3)))
            let level = Double(Int(rng.next() % 5)) - 2
            let noisy = rng.next() % 2 == 0
            for _ in 0..<length where out.count < n { out.append(noisy ? level + 0.5 * normal() : level) }
        }
        return out
    case 1:  // many short segments
        var out: [Double] = []
        while out.count < n {
            let length = 1 + Int(rng.next() % 6)
            let level = 3 * normal()
            for _ in 0..<length where out.count < n { out.append(level + normal()) }
        }
        return out
    case 2:  // a slow drift: every candidate stays plausible for a while
        let slope = 0.05 * normal()
        return (0..<n).map { Double($0) * slope + normal() }
    case 3:  // two levels that alternate: old candidates become best again
        let a = 2 * normal(), b = 2 * normal()
        let period = 5 + Int(rng.next() % 40)
        return (0..<n).map { ($0 / period) % 2 == 0 ? a + normal() : b + normal() }
    default:  // noise with isolated outliers
        return (0..<n).map { _ in rng.next() % 25 == 0 ? 8 * normal() : normal() }
    }
}

@Suite("PELT change-in-mean kernel: exactness on edge cases")
struct PELTKernelTests {
    static func check(_ x: [Double], penalty: Penalty, beta: Double, m: Int, context: String) {
        let n = x.count
        let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: penalty.addsSegmentLengthTerm)
        let pelt = PELT.segment(cost: cost, penalty: beta, minimumSegmentLength: m)
        let exact = OptimalPartitioning.segment(cost: cost, penalty: beta, minimumSegmentLength: m)
        #expect(abs(pelt.objective - exact.objective) <= 1e-9 * max(1, abs(exact.objective)), "\(context)")
        // The objective of the returned change points, recomputed, is the optimum as well (with ties
        // a different but equally good segmentation may be returned).
        let b = [0] + pelt.changePoints + [n]
        if n >= 2 * m {
            #expect(zip(b, b.dropFirst()).allSatisfy { $1 - $0 >= m }, "\(context)")
            let total = zip(b, b.dropFirst()).map { cost.cost($0, $1) }.reduce(0, +) + beta * Double(pelt.changePoints.count)
            #expect(abs(total - exact.objective) <= 1e-9 * max(1, abs(exact.objective)), "\(context)")
        }
    }

    @Test("PELT == optimal partitioning on adversarial signals (ties, constant stretches, drifts, min size up to 12)")
    func adversarial() async {
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 2...400), Gen.int(in: 1...12), Gen.int(in: 0...19)
        ) { seed, n, minSize, variant in
            let x = adversarialSignal(seed: UInt64(seed), count: n, kind: variant)
            let penalty: Penalty = [.bic, .mbic, .manual(0), .manual(0.3)][variant % 4]
            let beta = penalty.value(n: n, model: .mean)
            Self.check(x, penalty: penalty, beta: beta, m: minSize, context: "seed \(seed) n \(n) m \(minSize) kind \(variant % 5) \(penalty)")
        }
    }

    @Test("n just above 2m, huge penalties, and MBIC with a manual per-change penalty")
    func boundaries() async {
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 1...30), Gen.int(in: 0...3), Gen.int(in: 0...5)
        ) { seed, m, extra, variant in
            let n = 2 * m + extra
            let x = piecewiseSignal(seed: UInt64(seed), count: n, varyScale: false, quantise: variant % 2 == 1)
            let huge = variant >= 4
            let penalty: Penalty = huge ? .manual(1e6) : (variant % 2 == 0 ? .mbic : .bic)
            Self.check(x, penalty: penalty, beta: penalty.value(n: n, model: .mean), m: m, context: "seed \(seed) n \(n) m \(m) \(penalty)")
            // MBIC's segment term with a small per-change penalty keeps many candidates alive.
            let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: true)
            let pelt = PELT.segment(cost: cost, penalty: 0.5, minimumSegmentLength: m)
            let exact = OptimalPartitioning.segment(cost: cost, penalty: 0.5, minimumSegmentLength: m)
            #expect(abs(pelt.objective - exact.objective) <= 1e-9 * max(1, abs(exact.objective)))
        }
    }

    @Test("Long signals: exclusion refreshes at ages 8m, 32m, ... and candidate-buffer growth stay exact")
    func longSignals() async {
        await propertyCheck(
            count: 24, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 600...1500), Gen.int(in: 1...3), Gen.int(in: 0...7)
        ) { seed, n, m, variant in
            let x = variant < 4
                ? piecewiseSignal(seed: UInt64(seed), count: n, varyScale: false, quantise: variant % 2 == 1)
                : adversarialSignal(seed: UInt64(seed), count: n, kind: variant)
            let penalty: Penalty = [.mbic, .bic, .manual(0.1), .mbic][variant % 4]
            Self.check(x, penalty: penalty, beta: penalty.value(n: n, model: .mean), m: m, context: "seed \(seed) n \(n) m \(m) \(penalty)")
        }
    }

    @Test("A constant series keeps every candidate tied: the buffer grows and the result is one segment")
    func constantSeries() {
        for m in [1, 2, 7] {
            let x = [Double](repeating: 3.25, count: 700)
            for penalty in [Penalty.mbic, .bic, .manual(0)] {
                let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: penalty.addsSegmentLengthTerm)
                let beta = penalty.value(n: x.count, model: .mean)
                let pelt = PELT.segment(cost: cost, penalty: beta, minimumSegmentLength: m)
                let exact = OptimalPartitioning.segment(cost: cost, penalty: beta, minimumSegmentLength: m)
                #expect(abs(pelt.objective - exact.objective) <= 1e-9 * max(1, abs(exact.objective)))
                if beta > 0 { #expect(pelt.changePoints.isEmpty) }
            }
        }
    }

    @Test("Non-finite values reach the kernel without crashing it (the detector rejects them earlier)")
    func nonFinite() {
        for bad in [Double.nan, .infinity, -.infinity] {
            var x = piecewiseSignal(seed: 7, count: 300, varyScale: false, quantise: false)
            x[150] = bad
            for penalty in [Penalty.mbic, .bic] {
                let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: penalty.addsSegmentLengthTerm)
                let seg = PELT.segment(cost: cost, penalty: penalty.value(n: x.count, model: .mean), minimumSegmentLength: 2)
                #expect(!seg.objective.isFinite)
            }
        }
    }

    @Test("The AVX2 and the portable vector code give bit-identical results")
    func vectorPathsAgree() async {
        await propertyCheck(
            count: 200, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 2...2000), Gen.int(in: 1...4), Gen.int(in: 0...9)
        ) { seed, n, m, variant in
            guard n >= 2 * m else { return }
            let x = variant < 5
                ? piecewiseSignal(seed: UInt64(seed), count: n, varyScale: false, quantise: variant % 2 == 1)
                : adversarialSignal(seed: UInt64(seed), count: n, kind: variant)
            let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: variant % 2 == 0)
            let beta = (variant % 2 == 0 ? 3 : 2) * log(Double(n))
            let auto = PELT.meanKernelWithStatistics(cost, beta, m)
            let portable = PELT.meanKernelWithStatistics(cost, beta, m, portableOnly: true)
            #expect(portable.statistics.vectorPath == "portable")
            #expect(auto.segmentation.objective.bitPattern == portable.segmentation.objective.bitPattern)
            #expect(auto.segmentation.changePoints == portable.segmentation.changePoints)
        }
    }
}

@Suite("PELT change-in-mean kernel: every prefix optimum")
struct PELTPrefixTests {
    /// `F(t) = min_tau F(tau) + C(tau, t) + beta` over all feasible `tau`, recomputed in O(n^2) from
    /// the kernel's own `F` values: if it holds at every `t`, `F` is the optimal-partitioning
    /// solution for every prefix (induction on `t`), so no candidate was pruned that was optimal for
    /// some prefix, even one that the final segmentation does not use.
    static func bellmanViolations(_ x: [Double], lengthTerm: Bool, beta: Double, m: Int) -> Int {
        let n = x.count
        let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: lengthTerm)
        let f = PELT.meanKernelRun(cost, beta, m, portableOnly: false, recordF: true).f
        var bad = 0
        cost.s1.withUnsafeBufferPointer { s1 in
            cost.s2.withUnsafeBufferPointer { s2 in
                for t in m...n {
                    var best = Double.infinity
                    var tau = 0
                    while tau <= t - m {
                        let len = Double(t - tau), d1 = s1[t] - s1[tau]
                        let rss = max(s2[t] - s2[tau] - d1 * d1 / len, 0)
                        best = min(best, f[tau] + (lengthTerm ? rss + log(len) : rss))
                        tau = tau == 0 ? m : tau + 1
                    }
                    if abs(best + beta - f[t]) > 1e-9 * (1 + abs(f[t])) { bad += 1 }
                }
            }
        }
        return bad
    }

    @Test("F(t) is optimal for every prefix on longer signals with short and long segments (MBIC refreshes, BIC)")
    func everyPrefix() async {
        await propertyCheck(
            count: 40, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 800...2500), Gen.int(in: 1...3), Gen.int(in: 0...7)
        ) { seed, n, m, variant in
            var rng = SplitMix64(seed: UInt64(seed))
            func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
            func normal() -> Double {
                let u = max(uniform(), 1e-300), v = uniform()
                return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
            }
            // Piecewise-constant levels N(0, 2^2), geometric segment lengths (mean 10 to 300), unit noise.
            let meanLength = [10.0, 30, 100, 300][variant % 4]
            var x: [Double] = []
            while x.count < n {
                let length = 1 + Int(-meanLength * log(max(uniform(), 1e-12)))
                let level = 2 * normal()
                for _ in 0..<length where x.count < n { x.append(level + normal()) }
            }
            if variant >= 4 { x = x.map { ($0 * 2).rounded() / 2 } }
            let lengthTerm = variant % 2 == 0
            let beta = (lengthTerm ? 3 : 2) * log(Double(n))
            #expect(Self.bellmanViolations(x, lengthTerm: lengthTerm, beta: beta, m: m) == 0, "seed \(seed) n \(n) m \(m) variant \(variant)")
        }
    }
}
