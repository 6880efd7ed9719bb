import Foundation
import Testing
import SextantAnalysis
@testable import SextantGate
import SextantHistory
import SextantNumerics
import SextantTestSupport

/// Issue 19: how triage records move the gate's baseline window and the analysis' level shifts.
@Suite struct TriageTests {
    static func commit(_ k: Int) -> String { String(format: "%040x", 0xabc_0000 + k) }

    /// 15 runs near 1.0, then 15 near 1.5 (a clear level shift at run 15, commit 15), one value each.
    static func history() -> (values: [Double], refs: [RunReference]) {
        var rng = SeededGenerator(seed: 19)
        let values = (0..<30).map { k in (k < 15 ? 1.0 : 1.5) * exp(0.01 * normal(&rng)) }
        let refs = (0..<30).map { RunReference(run: Int64($0), commit: commit($0), timestamp: Date(timeIntervalSince1970: 1_800_000_000 + Double($0) * 60)) }
        return (values, refs)
    }

    func input(candidate: Double, triage: [TriageRecord]) -> GateInput {
        let (values, refs) = Self.history()
        var input = GateInput(benchmark: "lens.get", metric: "time", unit: "s", direction: .lowerIsBetter,
                              candidate: [candidate], baselineRuns: values.map { [$0] })
        input.baselineReferences = refs
        input.candidateReference = RunReference(commit: Self.commit(30))
        input.triage = triage
        return input
    }

    @Test("An invalid change no longer cuts the baseline window")
    func invalidChangeDoesNotCutTheWindow() {
        let policy = GatePolicy()
        let plain = Gate.evaluate([input(candidate: 1.5, triage: [])], policy: policy).results[0]
        #expect(plain.runsBeforeShift == 15 && plain.baselineRuns == 15)
        #expect(plain.ignoredShifts == 0)
        #expect(plain.verdict == .noChange)
        // The same shift marked invalid (say the machine was throttled from run 15 on): the window is whole.
        let invalid = TriageRecord(benchmark: "lens.*", commit: Self.commit(15), status: .invalid, reason: "throttled machine")
        let r = Gate.evaluate([input(candidate: 1.5, triage: [invalid])], policy: policy).results[0]
        #expect(r.runsBeforeShift == 0 && r.baselineRuns == 30)
        #expect(r.ignoredShifts == 1)
        // A record for another benchmark, metric or commit changes nothing.
        for other in [TriageRecord(benchmark: "prism.*", commit: Self.commit(15), status: .invalid, reason: "x"),
                      TriageRecord(benchmark: "lens.*", metric: "memory", commit: Self.commit(15), status: .invalid, reason: "x"),
                      TriageRecord(benchmark: "lens.*", commit: Self.commit(14), status: .invalid, reason: "x")] {
            let o = Gate.evaluate([input(candidate: 1.5, triage: [other])], policy: policy).results[0]
            #expect(o.runsBeforeShift == 15, "\(other)")
        }
        // An abbreviated commit (at least 7 hex digits) names the same change.
        let short = TriageRecord(benchmark: "lens.get", commit: String(Self.commit(15).prefix(12)), status: .invalid, reason: "x")
        #expect(Gate.evaluate([input(candidate: 1.5, triage: [short])], policy: policy).results[0].runsBeforeShift == 0)
    }

    @Test("An acknowledged change at a baseline run starts the window there; at the candidate it excuses the regression")
    func acknowledgedChange() {
        let policy = GatePolicy()
        let at20 = TriageRecord(benchmark: "lens.*", commit: Self.commit(20), status: .acknowledged, reason: "accepted")
        let r = Gate.evaluate([input(candidate: 1.5, triage: [at20])], policy: policy).results[0]
        #expect(r.runsBeforeShift == 20 && r.baselineRuns == 10)
        // A +30% candidate: a regression; acknowledged at its commit it passes, with the mark.
        let fails = Gate.evaluate([input(candidate: 1.95, triage: [])], policy: policy)
        #expect(fails.outcome == .fail && fails.results[0].verdict == .regression && fails.results[0].triage == nil)
        #expect(fails.results[0].window == BisectWindow(lastGood: Self.history().refs[29], firstBad: RunReference(commit: Self.commit(30))))
        for status in [TriageStatus.acknowledged, .expected, .invalid] {
            let mark = TriageRecord(benchmark: "lens.get", commit: Self.commit(30), status: status, reason: "why")
            let passes = Gate.evaluate([input(candidate: 1.95, triage: [mark])], policy: policy)
            #expect(passes.outcome == .pass, "\(status)")
            #expect(passes.results[0].verdict == .regression && passes.results[0].triage?.status == status)
            #expect(!passes.results[0].isUntriagedRegression)
        }
        // fixed does not excuse the code it was measured on; a removed record is ignored.
        let fixed = TriageRecord(benchmark: "lens.get", commit: Self.commit(30), status: .fixed, reason: "fixed later")
        #expect(Gate.evaluate([input(candidate: 1.95, triage: [fixed])], policy: policy).outcome == .fail)
        var removed = TriageRecord(benchmark: "lens.get", commit: Self.commit(30), status: .acknowledged, reason: "r")
        removed.removed = true
        #expect(Gate.evaluate([input(candidate: 1.95, triage: [removed])], policy: policy).outcome == .fail)
    }

    @Test("Analysis: an invalid change is not a level shift; fixed links to the commit where the level came back")
    func analysisStatuses() {
        // 1.0 for 15 runs, 1.5 for 15, back to 1.0 for 15.
        var rng = SeededGenerator(seed: 7)
        let values = (0..<45).map { k in (k >= 15 && k < 30 ? 1.5 : 1.0) * exp(0.01 * normal(&rng)) }
        var input = AnalysisInput(benchmark: "lens.get", metric: "time", unit: "s", direction: .lowerIsBetter, values: values,
                                  labels: (0..<45).map(Self.commit))
        input.runs = (0..<45).map { RunReference(run: Int64($0), commit: Self.commit($0)) }
        let plain = Analysis.run([input])[0]
        #expect(plain.changes.map(\.index) == [15, 30])
        #expect(plain.changes.allSatisfy(\.usedAsLevelShift) && plain.lastChangeIndex == 30)
        #expect(plain.changes[0].window?.lastGood.commit == Self.commit(14) && plain.changes[0].window?.firstBad.commit == Self.commit(15))
        #expect(plain.changes[0].isRegression && !plain.changes[1].isRegression)

        input.triage = [TriageRecord(benchmark: "lens.*", commit: Self.commit(15), status: .fixed, reason: "reverted")]
        let fixed = Analysis.run([input])[0]
        #expect(fixed.changes[0].triage?.status == .fixed && fixed.changes[0].triage?.fixedIn == Self.commit(30))

        // Both ends of the excursion invalid: one segment, no last change.
        input.triage = [TriageRecord(benchmark: "lens.*", commit: Self.commit(15), status: .invalid, reason: "noisy host"),
                        TriageRecord(benchmark: "lens.*", commit: Self.commit(30), status: .invalid, reason: "noisy host")]
        let invalid = Analysis.run([input])[0]
        #expect(invalid.changes.count == 2 && invalid.changes.allSatisfy { !$0.usedAsLevelShift })
        #expect(invalid.lastChangeIndex == nil && invalid.segments.count == 1 && invalid.segmentRuns == 45)
    }

    @Test("Bisect window: culprit for one commit, the bisect command otherwise")
    func bisectWindow() {
        struct Line: CommitGraph {
            // A linear history c0 <- c1 <- ... : ancestor iff index <=.
            func index(_ c: String) -> Int? { Int(c.dropFirst()) }
            func commitCount(from good: String, to bad: String) -> Int? { index(bad).flatMap { b in index(good).map { b - $0 } } }
            func isAncestor(_ a: String, of d: String) -> Bool? { index(a).flatMap { x in index(d).map { x <= $0 } } }
        }
        let w = BisectWindow(lastGood: RunReference(commit: "c3"), firstBad: RunReference(commit: "c7"))
        #expect(w.bisectCommand == "git bisect start c7 c3" && w.culprit == nil && w.commits == nil)
        let r = w.resolved(in: Line())
        #expect(r.commits == 4 && r.bisectCommand == "git bisect start c7 c3" && r.culprit == nil)
        #expect(r.contains("c5", graph: Line()) && r.contains("c7", graph: Line()))
        #expect(!r.contains("c3", graph: Line()) && !r.contains("c8", graph: Line()) && !r.contains("c5", graph: nil))
        let one = BisectWindow(lastGood: RunReference(commit: "c6"), firstBad: RunReference(commit: "c7")).resolved(in: Line())
        #expect(one.culprit == "c7" && one.bisectCommand == nil && one.summary.hasSuffix("; culprit: c7"))
    }

    @Test("The policy's notify section")
    func notifyPolicy() throws {
        let p = try GatePolicy.parse(#"{"notify": {"webhookEnv": "HOOK", "format": "json"}}"#)
        #expect(p.notify == NotifyPolicy(webhookEnv: "HOOK", format: "json"))
        #expect(throws: PolicyError.self) { try GatePolicy.parse(#"{"notify": {"format": "xml"}}"#) }
        #expect(throws: PolicyError.self) { try GatePolicy.parse(#"{"notify": {"channel": "x"}}"#) }
    }
}
