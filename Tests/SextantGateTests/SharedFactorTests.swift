import Foundation
import Testing
import SextantNumerics
@testable import SextantGate
import SextantTestSupport

/// The shared-factor model, instruction counts and the paired design on seeded simulations of a
/// shared machine: whole runs slowed together (every benchmark and its control by the same factor).
@Suite struct SharedFactorTests {
    static let ops = (0..<10).map { "op\($0)" }
    static let band = GatePolicy(minimumEffect: 0.02)

    /// Inputs for `time` (+ `control`): baseline runs with log factors `baseFactors`, candidate runs with
    /// `candFactors`, a true effect `effect` on every benchmark (never on the control), 1% noise.
    static func inputs(baseFactors: [Double], candFactors: [Double], effect: Double, controls: Bool,
                       seed: UInt64) -> [GateInput] {
        var rng = SeededGenerator(seed: seed)
        func run(_ level: Double, _ f: Double) -> [Double] {
            let runNoise = 0.01 * normal(&rng)
            return (0..<15).map { _ in level * exp(f + runNoise + 0.005 * normal(&rng)) }
        }
        var out: [GateInput] = []
        for (i, op) in ops.enumerated() {
            let level = 1e-6 * Double(i + 1)
            let b = baseFactors.map { run(level, $0) }, c = candFactors.map { run(level * effect, $0) }
            out.append(GateInput(benchmark: op, metric: "time", unit: "s", direction: .lowerIsBetter, candidateRuns: c, baselineRuns: b))
            if controls {
                let bc = baseFactors.map { run(3e-9, $0) }, cc = candFactors.map { run(3e-9, $0) }
                out.append(GateInput(benchmark: op, metric: "control", unit: "s", direction: .lowerIsBetter,
                                     candidateRuns: cc, baselineRuns: bc))
            }
        }
        return out
    }

    /// 12 baseline runs, 3 of them slowed by 35% (as on the shared machine of issue 14).
    static let slowBaseline: [Double] = (0..<12).map { [2, 5, 9].contains($0) ? log(1.35) : 0 }

    @Test func uniformRegressionIsFoundDespiteSlowBaselineRuns() {
        let quiet = [Double](repeating: 0, count: 5)
        let with = Gate.evaluate(Self.inputs(baseFactors: Self.slowBaseline, candFactors: quiet, effect: 1.25, controls: true, seed: 1),
                                 policy: GatePolicy())
        #expect(with.results.count == 10, "controls are covariates, not comparisons")
        #expect(with.results.allSatisfy { $0.verdict == .regression && $0.sharedFactor == "control" })
        #expect(with.outcome == .fail)
        // The same data without the control: the slow baseline runs widen every interval.
        let without = Gate.evaluate(Self.inputs(baseFactors: Self.slowBaseline, candFactors: quiet, effect: 1.25, controls: false, seed: 1),
                                    policy: GatePolicy())
        #expect(without.results.allSatisfy { $0.sharedFactor == nil })
        for (a, b) in zip(with.results, without.results) {
            let wa = log(a.effect!.upper / a.effect!.lower), wb = log(b.effect!.upper / b.effect!.lower)
            #expect(wa < wb / 2, "\(a.benchmark): control interval \(wa) vs plain \(wb)")
        }
    }

    @Test func slowCandidateRunsAloneAreNoRegression() {
        let slow = [Double](repeating: log(1.35), count: 5)
        let quietBase = [Double](repeating: 0, count: 12)
        let with = Gate.evaluate(Self.inputs(baseFactors: quietBase, candFactors: slow, effect: 1, controls: true, seed: 2), policy: Self.band)
        #expect(!with.results.contains { $0.verdict == .regression }, "\(with.results.map(\.reason))")
        // Without the control the machine's slowness is (wrongly, but unavoidably) a regression.
        let without = Gate.evaluate(Self.inputs(baseFactors: quietBase, candFactors: slow, effect: 1, controls: false, seed: 2), policy: Self.band)
        #expect(without.results.allSatisfy { $0.verdict == .regression })
    }

    @Test func controlsAttachOnlyWhenEveryRunHasOne() {
        var inputs = Self.inputs(baseFactors: [0, 0, 0, 0], candFactors: [0], effect: 1, controls: true, seed: 3)
        // op0's control lacks the candidate run; op1's time is a count metric (never adjusted).
        inputs[1].candidateRuns = []
        inputs[2].metric = "instructions"; inputs[2].unit = "count"
        let attached = SharedFactor.attachControls(inputs)
        #expect(attached.count == 10)
        #expect(attached[0].baselineControls.isEmpty && attached[0].candidateControls.isEmpty)
        #expect(attached[1].baselineControls.isEmpty, "instructions are never adjusted")
        #expect(attached[2].baselineControls.count == 4 && attached[2].candidateControls.count == 1)
    }

    @Test func controlsAlignByRunID() {
        var inputs = Self.inputs(baseFactors: [0, 0, 0], candFactors: [0], effect: 1, controls: true, seed: 4)
        inputs = Array(inputs.prefix(2))
        inputs[0].baselineRunIDs = [7, 8, 9]
        inputs[1].baselineRunIDs = [9, 7, 8]
        let marker = inputs[1].baselineRuns[0]
        let attached = SharedFactor.attachControls(inputs)
        #expect(attached.count == 1)
        #expect(attached[0].baselineControls[2] == marker, "run 9's control goes to run 9")
    }

    @Test func instructionCountsDecideAndTimeIsAdvisory() {
        var rng = SeededGenerator(seed: 5)
        let base = (0..<10).map { _ in [1e-6 * exp(0.05 * normal(&rng))] }
        let counts = (0..<10).map { _ in [1000.0 * (1 + 1e-4 * normal(&rng))] }
        let inputs = [
            GateInput(benchmark: "b", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidateRuns: [[1.5e-6], [1.5e-6], [1.5e-6]], baselineRuns: base),
            GateInput(benchmark: "b", metric: "instructions", unit: "count", direction: .lowerIsBetter,
                      candidateRuns: [[1000.0], [1000.1], [999.9]], baselineRuns: counts),
        ]
        let r = Gate.evaluate(inputs, policy: Self.band)
        let time = r.results.first { $0.metric == "time" }!, inst = r.results.first { $0.metric == "instructions" }!
        #expect(time.verdict == .regression && !time.decisive)
        #expect(inst.verdict == .noChange && inst.decisive)
        #expect(inst.method == .predictionInterval, "counts use the normal model for any number of runs")
        #expect(r.decidedBy == ["instructions"])
        #expect(r.outcome == .pass)
        // A +3% count from one run is a regression.
        let one = Gate.evaluate([GateInput(benchmark: "b", metric: "instructions", unit: "count", direction: .lowerIsBetter,
                                           candidate: [1030], baselineRuns: counts)], policy: Self.band)
        #expect(one.results[0].verdict == .regression && one.outcome == .fail)
    }

    @Test func pairedRunsCancelSharedDrift() {
        // 10 pairs, each pair in its own machine phase (+-20%), candidate +5%, 1% noise.
        var rng = SeededGenerator(seed: 6)
        let phases = (0..<10).map { _ in 0.2 * normal(&rng) }
        let a = phases.map { [exp($0 + 0.01 * normal(&rng))] }
        let b = phases.map { [1.05 * exp($0 + 0.01 * normal(&rng))] }
        var input = GateInput(benchmark: "b", metric: "time", unit: "s", direction: .lowerIsBetter, candidateRuns: b, baselineRuns: a)
        input.paired = true
        let paired = Gate.evaluate([input], policy: Self.band).results[0]
        #expect(paired.method == .pairedRuns && paired.verdict == .regression)
        #expect(paired.effect!.lower > 1.02 && paired.effect!.upper < 1.08)
        input.paired = false
        let unpaired = Gate.evaluate([input], policy: Self.band).results[0]
        #expect(unpaired.verdict != .regression)
        #expect(PairedRuns.schedule(pairs: 3) == [false, true, true, false, false, true])
    }
}
