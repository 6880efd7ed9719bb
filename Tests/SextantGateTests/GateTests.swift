import Foundation
import Testing
import SextantNumerics
@testable import SextantGate
import SextantAnalysis
import SextantTestSupport

@Suite struct GateTests {
    static func lognormal(_ n: Int, _ level: Double, _ sd: Double, _ rng: inout SeededGenerator) -> [Double] {
        (0..<n).map { _ in level * exp(sd * normal(&rng)) }
    }

    static let policy = GatePolicy(regressionThreshold: 0.1, minimumEffect: 0.03)

    @Test func rawSamplesRegressionImprovementAndNoChange() {
        var rng = SeededGenerator(seed: 1)
        let base = Self.lognormal(100, 1e-3, 0.05, &rng)
        let inputs = [
            GateInput(benchmark: "slower", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: Self.lognormal(100, 1.2e-3, 0.05, &rng), baselineRuns: [base]),
            GateInput(benchmark: "faster", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: Self.lognormal(100, 0.8e-3, 0.05, &rng), baselineRuns: [base]),
            GateInput(benchmark: "same", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: Self.lognormal(100, 1e-3, 0.02, &rng), baselineRuns: [Self.lognormal(100, 1e-3, 0.02, &rng)]),
        ]
        let report = Gate.evaluate(inputs, policy: Self.policy)
        let v = Dictionary(uniqueKeysWithValues: report.results.map { ($0.benchmark, $0) })
        #expect(v["slower"]?.verdict == .regression)
        #expect(v["slower"]?.method == .bootstrapMedianRatio)
        #expect(v["faster"]?.verdict == .improvement)
        #expect(v["same"]?.verdict == .noChange)
        #expect(report.outcome == .fail)
        #expect(report.exitCode(failOnInconclusive: false) == 1)
        let e = v["slower"]!.effect!
        #expect(e.lower < e.estimate && e.estimate < e.upper && e.lower > 1)
    }

    @Test func oneValuePerRunUsesThePredictionIntervalAndRunToRunNoise() {
        var rng = SeededGenerator(seed: 2)
        let runs = Self.lognormal(20, 100, 0.03, &rng).map { [$0] }
        func judge(_ c: Double) -> BenchmarkResult {
            Gate.evaluate([GateInput(benchmark: "b", metric: "time", unit: "ms", direction: .lowerIsBetter,
                                     candidate: [c], baselineRuns: runs)], policy: Self.policy).results[0]
        }
        let level = exp(runs.map { log($0[0]) }.reduce(0, +) / 20)
        #expect(judge(level * 1.3).verdict == .regression)
        #expect(judge(level * 1.3).method == .predictionInterval)
        #expect(judge(level * 0.7).verdict == .improvement)
        // A 3%-noise window cannot say a value at the level is within +-3%: inconclusive, not "no change".
        #expect(judge(level).verdict == .inconclusive)
        // With a 15% band, the same is clearly no change.
        let wide = Gate.evaluate([GateInput(benchmark: "b", metric: "time", unit: "ms", direction: .lowerIsBetter,
                                            candidate: [level], baselineRuns: runs)],
                                 policy: GatePolicy(minimumEffect: 0.15)).results[0]
        #expect(wide.verdict == .noChange)
    }

    @Test func higherIsBetterMetricsFlipTheSides() {
        var rng = SeededGenerator(seed: 3)
        let runs = Self.lognormal(15, 5000, 0.02, &rng).map { [$0] }
        let r = Gate.evaluate([GateInput(benchmark: "b", metric: "throughput", unit: "ops/s", direction: .higherIsBetter,
                                         candidate: [3500], baselineRuns: runs)], policy: Self.policy).results[0]
        #expect(r.verdict == .regression)
        let r2 = Gate.evaluate([GateInput(benchmark: "b", metric: "throughput", unit: "ops/s", direction: .lowerIsBetter,
                                          candidate: [3500], baselineRuns: runs)],
                               policy: GatePolicy(minimumEffect: 0.03, directions: ["throughput": .higherIsBetter])).results[0]
        #expect(r2.verdict == .regression, "policy direction wins over the importer's")
    }

    @Test func baselineWindowStartsAtTheLastLevelShift() {
        var rng = SeededGenerator(seed: 4)
        let old = Self.lognormal(30, 100, 0.01, &rng)
        let new = Self.lognormal(12, 130, 0.004, &rng)
        let runs = (old + new).map { [$0] }
        let r = Gate.evaluate([GateInput(benchmark: "b", metric: "time", unit: "ms", direction: .lowerIsBetter,
                                         candidate: [130], baselineRuns: runs)], policy: Self.policy).results[0]
        #expect(r.runsBeforeShift == 30)
        #expect(r.baselineRuns == 12)
        #expect(r.verdict == .noChange)
    }

    @Test func benjaminiHochbergTamesManyNullBenchmarks() {
        // 200 benchmarks, all A/A: after FDR control no regression should be called in almost every run.
        var rng = SeededGenerator(seed: 5)
        var alarms = 0
        for _ in 0..<10 {
            let inputs = (0..<200).map { i in
                GateInput(benchmark: "b\(i)", metric: "time", unit: "ms", direction: .lowerIsBetter,
                          candidate: [100 * exp(0.02 * normal(&rng))],
                          baselineRuns: Self.lognormal(10, 100, 0.02, &rng).map { [$0] })
            }
            let report = Gate.evaluate(inputs, policy: GatePolicy(minimumEffect: 0.0), options: GateOptions(resamples: 200))
            if report.results.contains(where: { $0.verdict == .regression }) { alarms += 1 }
        }
        #expect(alarms <= 2)
    }

    @Test func slaChecksAreJudgedByTheInterval() {
        var rng = SeededGenerator(seed: 6)
        let limits = SLALimits(maxAvgTimeMs: 1.0, maxTotalTimeMs: 1000, minThroughput: 1000, maxMemoryUsage: 1_000_000)
        let policy = GatePolicy(limits: limits)
        func checks(_ level: Double, sd: Double, iterations: Int? = 100) -> [String: SLAStatus] {
            let input = GateInput(benchmark: "b", metric: "time", unit: "s", direction: .lowerIsBetter,
                                  candidate: Self.lognormal(50, level, sd, &rng),
                                  baselineRuns: [Self.lognormal(50, level, sd, &rng)], iterations: iterations)
            let r = Gate.evaluate([input], policy: policy).results[0]
            return Dictionary(uniqueKeysWithValues: r.slaChecks.map { ($0.key, $0.status) })
        }
        let fast = checks(0.5e-3, sd: 0.01)
        #expect(fast["maxAvgTimeMs"] == .pass)
        #expect(fast["maxTotalTimeMs"] == .pass)
        #expect(fast["minThroughput"] == .pass)
        let slow = checks(2e-3, sd: 0.01)
        #expect(slow["maxAvgTimeMs"] == .violation)
        #expect(slow["minThroughput"] == .violation)
        let borderline = checks(1e-3, sd: 0.3)
        #expect(borderline["maxAvgTimeMs"] == .inconclusive)
        let total = checks(0.5e-3, sd: 0.01, iterations: 5000)
        #expect(total["maxTotalTimeMs"] == .violation)
        // Memory with one value per run.
        let mem = Gate.evaluate([GateInput(benchmark: "b", metric: "memory", unit: "B", direction: .lowerIsBetter,
                                           candidate: [2_000_000], baselineRuns: [[1_000], [1_001], [999]])],
                                policy: policy)
        #expect(mem.results[0].slaChecks.first?.status == .violation)
        #expect(mem.outcome == .fail)
    }

    @Test func forecastWarnsBeforeTheLimitIsReached() {
        // Average time creeping up 1% per run toward a 1.0 ms limit; currently ~0.85 ms.
        let history: [Double] = (0..<30).map { (i: Int) -> Double in
            let wiggle: Double = i % 3 == 0 ? 0.002 : -0.001
            return 0.70e-3 * (1 + 0.007 * Double(i)) * (1 + wiggle)
        }
        let input = GateInput(benchmark: "creep", metric: "time", unit: "s", direction: .lowerIsBetter,
                              candidate: [history.last! * 1.007], baselineRuns: history.map { [$0] })
        let policy = GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.0), forecastHorizon: 40)
        let r = Gate.evaluate([input], policy: policy).results[0]
        let w = r.forecastWarnings.first
        #expect(w?.key == "maxAvgTimeMs")
        #expect(w.map { $0.runsToBreach > 5 && $0.runsToBreach < 40 } == true, "\(String(describing: w))")
        let flat = GateInput(benchmark: "flat", metric: "time", unit: "s", direction: .lowerIsBetter,
                             candidate: [0.7e-3], baselineRuns: (0..<30).map { (i: Int) -> [Double] in
                                 let wiggle: Double = i % 3 == 0 ? 0.002 : -0.001
                                 return [0.7e-3 * (1 + wiggle)]
                             })
        #expect(Gate.evaluate([flat], policy: policy).results[0].forecastWarnings.isEmpty)
    }

    @Test func severalCandidateRunsAreComparedByRanksAndResistSlowRuns() {
        // A window with heavy-tailed run noise: most runs at 100 +- 1%, every fifth run 30% slow.
        var rng = SeededGenerator(seed: 12)
        let window: [[Double]] = (0..<20).map { i in [100 * exp(0.01 * normal(&rng)) * (i % 5 == 4 ? 1.3 : 1)] }
        func judge(_ factor: Double) -> BenchmarkResult {
            let cands: [[Double]] = (0..<5).map { _ in [100 * factor * exp(0.01 * normal(&rng))] }
            return Gate.evaluate([GateInput(benchmark: "b", metric: "time", unit: "ms", direction: .lowerIsBetter,
                                            candidateRuns: cands, baselineRuns: window)],
                                 policy: GatePolicy(minimumEffect: 0.02)).results[0]
        }
        let slow = judge(1.1)
        #expect(slow.method == .runRanks)
        #expect(slow.candidateRuns == 5)
        #expect(slow.verdict == .regression, "\(slow.reason) runs \(slow.baselineRuns)")
        #expect(slow.effect.map { $0.lower > 1.0 && $0.estimate > 1.05 && $0.estimate < 1.15 } == true)
        let same = judge(1.0)
        #expect(same.verdict != .regression)
        // The normal prediction interval on the same window is inflated by the slow runs.
        let one = Gate.evaluate([GateInput(benchmark: "b", metric: "time", unit: "ms", direction: .lowerIsBetter,
                                           candidate: [110], baselineRuns: window)], policy: GatePolicy(minimumEffect: 0.02)).results[0]
        #expect(one.method == .predictionInterval)
        #expect(one.verdict == .inconclusive)
    }

    @Test func insufficientDataIsInconclusive() {
        let r = Gate.evaluate([GateInput(benchmark: "b", metric: "time", unit: "ms", direction: .lowerIsBetter,
                                         candidate: [1.0], baselineRuns: [[1.0]])], policy: Self.policy)
        #expect(r.results[0].verdict == .inconclusive)
        #expect(r.results[0].method == .insufficientData)
        #expect(r.outcome == .inconclusive)
        #expect(r.exitCode(failOnInconclusive: true) == 3)
        #expect(r.exitCode(failOnInconclusive: false) == 0)
    }

    @Test func resultsDoNotDependOnParallelism() {
        var rng = SeededGenerator(seed: 8)
        let inputs = (0..<17).map { i in
            GateInput(benchmark: "b\(i)", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: Self.lognormal(30, 1.0 + 0.01 * Double(i), 0.05, &rng),
                      baselineRuns: [Self.lognormal(30, 1.0, 0.05, &rng)])
        }
        let a = Gate.evaluate(inputs, policy: Self.policy, options: GateOptions(resamples: 500, parallel: true))
        let b = Gate.evaluate(inputs, policy: Self.policy, options: GateOptions(resamples: 500, parallel: false))
        #expect(a == b)
    }
}
