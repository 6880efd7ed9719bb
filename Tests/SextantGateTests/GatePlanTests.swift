import Foundation
import Testing
import SextantGate
import SextantHistory

/// `GatePlan`: the gate's baseline resolution and candidate matching, on a store in a temp directory.
@Suite struct GatePlanTests {
    /// A store with `count` runs of `lens.get [time]` (raw samples 10 + run) on machine `m1`, one a minute,
    /// and a second benchmark `prism.set [time]` in the first run only.
    func store(runs count: Int = 3) throws -> HistoryStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gateplan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try HistoryStore(path: dir.appendingPathComponent("h.sqlite").path)
        for k in 0..<count {
            var ms = [BenchmarkMeasurement(benchmark: "lens.get", metric: "time", unit: "s", direction: .lowerIsBetter,
                                           value: 10 + Double(k), samples: [10 + Double(k), 10.5 + Double(k)])]
            if k == 0 {
                ms.append(BenchmarkMeasurement(benchmark: "prism.set", metric: "time", unit: "s", direction: .lowerIsBetter, value: 3))
            }
            let meta = RunMetadata(commit: "c\(k)", branch: "main", timestamp: Date(timeIntervalSince1970: 60 * Double(k)), machine: "m1")
            _ = try store.ingest([ImportedRun(metadata: meta, measurements: ms)], source: "r\(k).json", format: "sextant")
        }
        return store
    }

    func candidate(machine: String? = "m1", _ measurements: [BenchmarkMeasurement]) -> ImportedRun {
        ImportedRun(metadata: RunMetadata(commit: "head", machine: machine), measurements: measurements)
    }

    let lens = BenchmarkMeasurement(benchmark: "lens.get", metric: "time", unit: "s", direction: .lowerIsBetter,
                                    value: 12, samples: [12, 12.5])
    let newBench = BenchmarkMeasurement(benchmark: "traversal.map", metric: "time", unit: "s", direction: .lowerIsBetter, value: 1)

    @Test func aWindowBaselineTakesTheLastRunsOfTheCandidatesMachineAndTheirRawSamples() throws {
        let store = try store(runs: 3)
        let plan = try GatePlan(candidates: [candidate([lens])], store: store, policy: GatePolicy(),
                                options: .init(baseline: .window(2)))
        #expect(plan.baseline.runs.count == 2 && plan.baseline.machine == "m1")
        #expect(plan.baseline.label == "last 2 run(s) of machine m1")
        let input = try #require(plan.inputs.first)
        #expect(plan.inputs.count == 1 && input.benchmark == "lens.get" && input.metric == "time")
        #expect(input.candidateRuns == [[12, 12.5]])
        #expect(input.baselineRuns == [[11, 11.5], [12, 12.5]])
        #expect(input.baselineRunIDs == plan.baseline.runs.map(\.id))
        #expect(plan.unmatched.isEmpty && plan.warnings.isEmpty)
    }

    @Test func severalCandidateRunsOfOneSeriesStayApartInFirstSeenOrder() throws {
        let store = try store()
        let one = BenchmarkMeasurement(benchmark: "lens.get", metric: "time", unit: "s", direction: .lowerIsBetter, value: 7)
        let prism = BenchmarkMeasurement(benchmark: "prism.set", metric: "time", unit: "s", direction: .lowerIsBetter, value: 3)
        let plan = try GatePlan(candidates: [candidate([prism, lens]), candidate([one])], store: store,
                                policy: GatePolicy(), options: .init())
        #expect(plan.inputs.map(\.benchmark) == ["prism.set", "lens.get"])
        #expect(plan.inputs[1].candidateRuns == [[12, 12.5], [7]], "a run without samples is its one value")
        #expect(plan.inputs[0].baselineRuns == [[3]])
    }

    @Test func aCandidateSeriesWithoutBaselineDataIsUnmatchedAndWarned() throws {
        let plan = try GatePlan(candidates: [candidate([lens, newBench])], store: try store(), policy: GatePolicy(), options: .init())
        #expect(plan.unmatched == ["traversal.map [time]"])
        #expect(plan.warnings == ["1 benchmark(s) without baseline data (judged inconclusive): traversal.map [time]"])
        #expect(plan.inputs.count == 2 && plan.inputs[1].baselineRuns.isEmpty)
    }

    @Test func noCandidateSeriesInTheBaselineIsAnError() throws {
        let store = try store()
        #expect(throws: GatePlanError.noMatchingSeries(baseline: "last 3 run(s) of machine m1", store: store.path,
                                                       candidates: ["traversal.map [time]"])) {
            try GatePlan(candidates: [candidate([newBench])], store: store, policy: GatePolicy(), options: .init())
        }
    }

    @Test func theGlobAndMetricFilterTheCandidates() throws {
        let store = try store()
        #expect(throws: GatePlanError.noCandidateMeasurements(benchmark: "optics.*")) {
            try GatePlan(candidates: [candidate([lens])], store: store, policy: GatePolicy(), options: .init(benchmark: "optics.*"))
        }
        let mem = BenchmarkMeasurement(benchmark: "lens.get", metric: "memory", unit: "B", direction: .lowerIsBetter, value: 1)
        let plan = try GatePlan(candidates: [candidate([lens, mem])], store: store, policy: GatePolicy(), options: .init(metric: "time"))
        #expect(plan.inputs.map(\.metric) == ["time"])
    }

    @Test func anotherMachineIsAnEmptyBaselineUnlessBootstrapped() throws {
        let store = try store()
        #expect(throws: EmptyBaseline.self) {
            try GatePlan(candidates: [candidate(machine: "m2", [lens])], store: store, policy: GatePolicy(), options: .init())
        }
        let plan = try GatePlan(candidates: [candidate(machine: "m2", [lens])], store: store, policy: GatePolicy(),
                                options: .init(bootstrap: true))
        #expect(plan.baseline.runs.isEmpty && plan.baseline.label.hasPrefix("none yet (bootstrap: no baseline run (window:30) of the candidate's machine \"m2\""))
        #expect(plan.warnings.count == 1 && plan.warnings[0].hasPrefix("bootstrap: "))
        #expect(plan.unmatched == ["lens.get [time]"] && plan.inputs[0].baselineRuns.isEmpty)
        let any = try GatePlan(candidates: [candidate(machine: "m2", [lens])], store: store, policy: GatePolicy(),
                               options: .init(anyMachine: true))
        #expect(any.baseline.runs.count == 3 && any.baseline.machine == nil)
    }

    @Test func recordStoresTheCandidateAndMovesAPinnedBaseline() throws {
        let store = try store()
        let first = try #require(try store.runs().first)
        try store.setBaseline("release", run: first.id)
        let plan = try GatePlan(candidates: [candidate([lens])], store: store, policy: GatePolicy(),
                                options: .init(baseline: .named("release")))
        #expect(plan.baseline.pinnedName == "release" && plan.inputs[0].baselineRuns == [[10, 10.5]])
        let file = ImportedFile(format: .sextantCSV, runs: [candidate([lens])])
        let fallback = RunMetadata(timestamp: Date(timeIntervalSince1970: 600))
        let (added, moved) = try plan.record([("head.json", file)], into: store, fallback: fallback)
        #expect(added.count == 1 && moved == "release")
        let again = try GatePlan(candidates: [candidate([lens])], store: store, policy: GatePolicy(),
                                 options: .init(baseline: .named("release")))
        #expect(again.baseline.runs.map(\.id) == added)
        #expect(try plan.record([("head.json", file)], into: store, fallback: fallback).added.isEmpty, "identical content is stored once")
    }
}
