// sextant-bench gate calibrate-live DIR: the gate on fresh optics-bench runs recorded on this machine by
// scripts/gate_live_record.sh (issue 14): the issue's trial, power of the shared-factor model, the
// interleaved (ABBA) design and instruction counts, each beside the plain model and the seed's rule.
// Prints Markdown for docs/validation.md.
import Dispatch
import Foundation
import SextantGate
import SextantHistory

enum LiveCalibration {
    static func files(_ dir: String, prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted().map { (dir as NSString).appendingPathComponent($0) }
    }

    static func subdirs(_ dir: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { (dir as NSString).appendingPathComponent($0) }
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && d.boolValue }
    }

    enum Model: String, CaseIterable {
        case shared = "shared factor (control)"
        case plain = "plain (no control)"
    }

    /// One decision on metric `metric` (plus its controls for the shared-factor model).
    static func decide(baseline: [LoadedRun], candidates: [LoadedRun], metric: String, model: Model, policy: GatePolicy,
                       paired: Bool = false) -> GateCalibration.Decision {
        let keys = candidates[0].entries.keys.sorted().filter {
            $0.hasSuffix("\u{1F}" + metric) || (model == .shared && $0.hasSuffix("\u{1F}" + SharedFactor.controlMetric))
        }
        var inputs: [GateInput] = []
        for k in keys {
            let parts = k.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            let c = candidates.compactMap { $0.entries[k] }, b = baseline.compactMap { $0.entries[k] }
            guard let first = c.first, c.count == candidates.count, b.count == baseline.count else { continue }
            var input = GateInput(benchmark: parts[0], metric: parts[1], unit: first.unit, direction: first.direction,
                                  candidateRuns: c.map(\.samples), baselineRuns: b.map(\.samples))
            input.paired = paired
            inputs.append(input)
        }
        let report = Gate.evaluate(inputs, policy: policy, options: GateOptions(parallel: false))
        let regressed = report.results.filter { $0.verdict == .regression }
        // The seed's rule: the first candidate run's mean time more than 10% above the last baseline run's.
        var seedOps: Set<String> = []
        for k in keys where k.hasSuffix("\u{1F}" + metric) {
            guard let c = candidates[0].entries[k], let last = baseline.last?.entries[k] else { continue }
            if c.value > 1.10 * last.value { seedOps.insert(String(k.split(separator: "\u{1F}")[0])) }
        }
        return .init(familyAlarm: !regressed.isEmpty, regressedOps: Set(regressed.map(\.benchmark)),
                     seedAlarm: !seedOps.isEmpty, seedOps: seedOps, alarmMetrics: Set(regressed.map(\.metric)))
    }

    static func parallel(_ n: Int, _ body: @escaping @Sendable (Int) -> GateCalibration.Decision) -> [GateCalibration.Decision] {
        let box = DecisionBox(count: n)
        DispatchQueue.concurrentPerform(iterations: n) { box.set($0, body($0)) }
        return box.items
    }

    static func pct(_ x: Double) -> String { GateCalibration.pct(x) }
    static func rate(_ k: Int, _ n: Int) -> String { "\(k)/\(n) (\(pct(Double(k) / Double(max(n, 1)))))" }

    static func run(_ args: [String]) throws {
        guard let dir = args.first else { throw GateBenchError.usage }
        let band = GatePolicy(minimumEffect: 0.02)
        let log = (try? String(contentsOfFile: (dir as NSString).appendingPathComponent("load.log"), encoding: .utf8)) ?? ""
        let loads = log.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Double($0) } }.sorted()
        // Load per recorded set (the machine's load moved while the sets were recorded one after another).
        var bySet: [String: [Double]] = [:]
        for line in log.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 3, let v = Double(f[1]) else { continue }
            let parts = f[2].split(separator: "/")
            if parts.count >= 2 { bySet[String(parts[parts.count - (parts[parts.count - 2] == "instr" ? 2 : 3)]), default: []].append(v) }
        }
        if !loads.isEmpty {
            print("Recorded with `scripts/gate_live_record.sh`: \(loads.count) optics-bench runs; 1-minute load average before each run: median \(String(format: "%.1f", loads[loads.count / 2])), range \(String(format: "%.1f", loads.first!))-\(String(format: "%.1f", loads.last!)) (2 cores shared with seven other sessions compiling).\n")
            let sets = bySet.keys.sorted().map { k -> String in
                let v = bySet[k]!.sorted()
                return "`\(k)` \(String(format: "%.1f", v[v.count / 2]))"
            }
            print("Median load by set, in recording order trial, power5, instr, abba5, abba0, power3, power10, power25, abba25: \(sets.joined(separator: ", ")). The later sets ran on a quieter machine, so columns of different sets are not like for like.\n")
        }

        // 1. The issue's trial.
        let trials = subdirs((dir as NSString).appendingPathComponent("trial"))
        if !trials.isEmpty {
            print("### The issue's trial: 5 candidate runs (`--inject-slowdown 25`) against 12 baseline runs, `--metric time`, default policy\n")
            print("Each trial on fresh runs (none shared between trials). A gate failure is any regression verdict (exit 1). The CLI run of the same trials: `scripts/gate_live_trials.sh`.\n")
            print("| model | A/B trials failed (target 20 of 20) | A/A trials failed (target at most 1 of 20) | seed's rule, A/B | seed's rule, A/A |")
            print("|---|--:|--:|--:|--:|")
            let runs = try trials.map { t in
                try ["ab-base", "ab-cand", "aa-base", "aa-cand"].map { p in try files(t, prefix: p).map(GateCalibration.load) }
            }
            for model in Model.allCases {
                let ab = parallel(runs.count) { i in decide(baseline: runs[i][0], candidates: runs[i][1], metric: "time", model: model, policy: GatePolicy()) }
                let aa = parallel(runs.count) { i in decide(baseline: runs[i][2], candidates: runs[i][3], metric: "time", model: model, policy: GatePolicy()) }
                print("| \(model.rawValue) | \(rate(ab.filter(\.familyAlarm).count, ab.count)) | \(rate(aa.filter(\.familyAlarm).count, aa.count)) | \(rate(ab.filter(\.seedAlarm).count, ab.count)) | \(rate(aa.filter(\.seedAlarm).count, aa.count)) |")
            }
            print("")
        }

        // 2. Power with 10 candidate runs (and 5, 1) against 12 baseline runs.
        let levels = [3, 5, 10, 25].filter { !subdirs((dir as NSString).appendingPathComponent("power\($0)")).isEmpty }
        if !levels.isEmpty {
            let cycles = Dictionary(uniqueKeysWithValues: try levels.map { p in
                (p, try subdirs((dir as NSString).appendingPathComponent("power\(p)")).map { c in
                    try ["base", "cand", "aa"].map { pre in try files(c, prefix: pre + "-").map(GateCalibration.load) }
                })
            })
            let ops = cycles[levels[0]]![0][0][0].entries.keys.filter { $0.hasSuffix("\u{1F}time") }.map { String($0.split(separator: "\u{1F}")[0]) }.sorted()
            print("### Power: k candidate runs against 12 baseline runs, `time`, band 2%\n")
            print("Fresh cycles of 12 clean runs followed by 10 runs at +P% (`--inject-slowdown P`), and for +5% 10 more clean runs (A/A). Detection = share of the cycles whose comparison of that operation is a regression (k = the first k candidate runs of the cycle). Family-wise A/A = share of the A/A decisions with any regression.\n")
            for k in [10, 5, 1] {
                var header = "| operation |", rule = "|---|"
                var columns: [(String, [GateCalibration.Decision], Bool)] = []
                for model in Model.allCases {
                    for p in levels {
                        let cs = cycles[p]!
                        columns.append(("+\(p)% \(model == .shared ? "shared" : "plain")",
                                        parallel(cs.count) { i in decide(baseline: cs[i][0], candidates: Array(cs[i][1].prefix(k)), metric: "time", model: model, policy: band) }, false))
                    }
                }
                for p in levels {
                    let cs = cycles[p]!
                    columns.append(("+\(p)% seed rule", parallel(cs.count) { i in decide(baseline: cs[i][0], candidates: Array(cs[i][1].prefix(k)), metric: "time", model: .plain, policy: band) }, true))
                }
                for c in columns { header += " \(c.0) |"; rule += "--:|" }
                print("#### k = \(k) candidate run\(k == 1 ? "" : "s") (\(cycles[levels[0]]!.count)+ decisions per column)\n")
                print(header); print(rule)
                for op in ops {
                    var line = "| \(op) |"
                    for (_, d, seed) in columns {
                        let hits = d.filter { seed ? $0.seedOps.contains(op) : $0.regressedOps.contains(op) }.count
                        line += " \(pct(Double(hits) / Double(d.count))) |"
                    }
                    print(line)
                }
                if let aa = cycles[5], aa.allSatisfy({ $0[2].count >= k }) {
                    var fw: [String] = []
                    for model in Model.allCases {
                        let d = parallel(aa.count) { i in decide(baseline: aa[i][0], candidates: Array(aa[i][2].prefix(k)), metric: "time", model: model, policy: band) }
                        fw.append("\(model.rawValue) \(rate(d.filter(\.familyAlarm).count, d.count)), 95% \(GateCalibration.wilson(d.filter(\.familyAlarm).count, d.count))")
                        if model == .plain { fw.append("seed's rule \(rate(d.filter(\.seedAlarm).count, d.count))") }
                    }
                    print("\nA/A, family-wise false alarms (k = \(k)): " + fw.joined(separator: "; ") + ".\n")
                }
            }
        }

        // 3. Interleaved (ABBA) pairs.
        let abbaLevels = [0, 5, 25].filter { !subdirs((dir as NSString).appendingPathComponent("abba\($0)")).isEmpty }
        if !abbaLevels.isEmpty {
            print("### Interleaved design: 10 ABBA pairs (baseline A, candidate B at +P%), `time`, band 2%\n")
            print("The runs of `scripts/gate_live_record.sh abba:N:P` (the schedule of `sextant compare`); paired comparison (Wilcoxon signed-rank, Hodges-Lehmann interval) with and without the control. +0% is the A/A set.\n")
            var header = "| operation |", rule = "|---|"
            var columns: [(String, [GateCalibration.Decision])] = []
            var ops: [String] = []
            for p in abbaLevels {
                let cs = try subdirs((dir as NSString).appendingPathComponent("abba\(p)")).map { c in
                    (try files(c, prefix: "a-").map(GateCalibration.load), try files(c, prefix: "b-").map(GateCalibration.load))
                }
                if ops.isEmpty { ops = cs[0].0[0].entries.keys.filter { $0.hasSuffix("\u{1F}time") }.map { String($0.split(separator: "\u{1F}")[0]) }.sorted() }
                for model in Model.allCases {
                    columns.append(("+\(p)% \(model == .shared ? "shared" : "plain")",
                                    parallel(cs.count) { i in decide(baseline: cs[i].0, candidates: cs[i].1, metric: "time", model: model, policy: band, paired: true) }))
                }
            }
            for c in columns { header += " \(c.0) |"; rule += "--:|" }
            print(header); print(rule)
            for op in ops {
                var line = "| \(op) |"
                for (_, d) in columns { line += " \(pct(Double(d.filter { $0.regressedOps.contains(op) }.count) / Double(d.count))) |" }
                print(line)
            }
            var fam = "| any operation (family-wise) |"
            for (_, d) in columns { fam += " \(pct(Double(d.filter(\.familyAlarm).count) / Double(d.count))) |" }
            print(fam + "\n")
        }

        // 4. Instruction counts.
        let idir = (dir as NSString).appendingPathComponent("instr")
        let base = try files(idir, prefix: "p0-").map(GateCalibration.load)
        if base.count >= 4 {
            let ops = base[0].entries.keys.filter { $0.hasSuffix("\u{1F}instructions") }.map { String($0.split(separator: "\u{1F}")[0]) }.sorted()
            print("### Instruction counts (`optics-bench --counter instructions`)\n")
            print("No hardware counter on this VM (`perf_event_open`: ENOENT, `perf stat -e instructions:u` reports `<not supported>`): the counts come from the runner's Callgrind pass. \(base.count) baseline runs; run summary = median over the 15 samples of instructions per iteration.\n")
            var header = "| operation | instructions / iteration | run-to-run robust CV (MAD) | max run / min run - 1 |"
            var rule = "|---|--:|--:|--:|"
            var columns: [(String, [GateCalibration.Decision])] = []
            // A/A: each baseline run in turn against the others.
            columns.append(("A/A, 1 run vs the other \(base.count - 1)", parallel(base.count) { i in
                decide(baseline: base.enumerated().filter { $0.offset != i }.map(\.element), candidates: [base[i]], metric: "instructions", model: .plain, policy: band)
            }))
            for p in [3, 5] {
                let cand = try files(idir, prefix: "p\(p)-").map(GateCalibration.load)
                guard !cand.isEmpty else { continue }
                columns.append(("+\(p)%, 1 run vs \(base.count)", parallel(cand.count) { i in
                    decide(baseline: base, candidates: [cand[i]], metric: "instructions", model: .plain, policy: band)
                }))
            }
            for c in columns { header += " \(c.0): regression |"; rule += "--:|" }
            print(header); print(rule)
            for op in ops {
                let v = base.compactMap { $0.entries[key(op, "instructions")] }.map { GateCalibration.median($0.samples) }
                let m = GateCalibration.median(v)
                let mad = 1.4826 * GateCalibration.median(v.map { abs($0 - m) })
                var line = "| \(op) | \(String(format: "%.1f", m)) | \(String(format: "%.4f%%", mad / m * 100)) | \(String(format: "%.4f%%", (v.max()! / v.min()! - 1) * 100)) |"
                for (_, d) in columns { line += " \(rate(d.filter { $0.regressedOps.contains(op) }.count, d.count)) |" }
                print(line)
            }
            var fam = "| any operation (family-wise) | | | |"
            for (_, d) in columns { fam += " \(rate(d.filter(\.familyAlarm).count, d.count)) |" }
            print(fam + "\n")
        }
    }
}
