// The gate's cases for sextant-bench:
//   gate calibrate-optics DIR            A/A and A/B calibration on the bundled optics history (docs/validation.md)
//   gate calibrate-history FILE.data.js.gz...  A/A on real one-value-per-run histories
//   gate calibrate-live DIR              the gate on fresh runs of scripts/gate_live_record.sh (issue 14)
//   gate bootstrap [BENCHMARKS RESAMPLES SAMPLES REPEAT]   timing: a gate over raw-sample benchmarks
//   gate analyze [SERIES RUNS REPEAT]    timing: the batch analysis
// Prints Markdown tables (calibration) or one JSON object per line (timings).
import Dispatch
import Foundation
import SextantChangePoint
import SextantAnalysis
import SextantGate
import SextantHistory
import SextantNumerics

func gateBench(_ args: [String]) throws {
    guard let sub = args.first else { throw GateBenchError.usage }
    let rest = Array(args.dropFirst())
    switch sub {
    case "calibrate-optics": try GateCalibration.optics(rest)
    case "calibrate-history": try GateCalibration.histories(rest)
    case "calibrate-live": try LiveCalibration.run(rest)
    case "bootstrap": try GateTiming.bootstrap(rest)
    case "analyze": try GateTiming.analyze(rest)
    default: throw GateBenchError.usage
    }
}

enum GateBenchError: Error, CustomStringConvertible {
    case usage
    case input(String)
    var description: String {
        switch self {
        case .usage: return "usage: sextant-bench gate calibrate-optics DIR | calibrate-history FILE... | calibrate-live DIR | bootstrap [B R N REPEAT] | analyze [S R REPEAT]"
        case .input(let s): return s
        }
    }
}

/// One run as plain data: per (benchmark, metric) its raw samples (or value), its summary value and unit.
struct LoadedRun {
    struct Entry { var samples: [Double]; var value: Double; var unit: String; var direction: GateDirection }
    var entries: [String: Entry] // key "benchmark\u{1F}metric"
}

func key(_ b: String, _ m: String) -> String { b + "\u{1F}" + m }

enum GateCalibration {
    static func load(_ path: String) throws -> LoadedRun {
        let file = try Importer.read(path: path)
        guard let run = file.runs.first else { throw GateBenchError.input("\(path): no run") }
        var e: [String: LoadedRun.Entry] = [:]
        for m in run.measurements {
            e[key(m.benchmark, m.metric)] = .init(samples: (m.samples?.isEmpty == false ? m.samples! : [m.value]),
                                                 value: m.value, unit: m.unit, direction: m.direction)
        }
        return LoadedRun(entries: e)
    }

    static func loadDir(_ dir: String) throws -> [LoadedRun] {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasPrefix("run-") && $0.hasSuffix(".json") }.sorted()
        return try names.map { try load((dir as NSString).appendingPathComponent($0)) }
    }

    /// Scales a run's values by a slowdown factor (time-like metrics multiply, rates divide).
    static func slowed(_ e: LoadedRun.Entry, by factor: Double) -> LoadedRun.Entry {
        guard factor != 1 else { return e }
        var out = e
        if Units.toMilliseconds(e.unit) != nil {
            out.samples = e.samples.map { $0 * factor }; out.value *= factor
        } else if Units.toPerSecond(e.unit) != nil {
            out.samples = e.samples.map { $0 / factor }; out.value /= factor
        }
        return out
    }

    struct Decision {
        var familyAlarm: Bool
        var regressedOps: Set<String>
        var seedAlarm: Bool
        var seedOps: Set<String>
        var alarmMetrics: Set<String> = []
    }

    /// One gate decision: `candidates` against `baseline` runs, with the candidate slowed by `factor`.
    static func decide(baseline: [LoadedRun], candidates: [LoadedRun], factor: Double, policy: GatePolicy,
                       options: GateOptions, timeMetric: String = "time", onlyMetric: String? = nil) -> Decision {
        let keys = candidates[0].entries.keys.sorted().filter { onlyMetric == nil || $0.hasSuffix("\u{1F}" + onlyMetric!) }
        var inputs: [GateInput] = []
        for k in keys {
            let parts = k.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            let c = candidates.compactMap { $0.entries[k].map { slowed($0, by: factor) } }
            let b = baseline.compactMap { $0.entries[k] }
            guard let first = c.first, !b.isEmpty else { continue }
            inputs.append(GateInput(benchmark: parts[0], metric: parts[1], unit: first.unit, direction: first.direction,
                                    candidateRuns: c.map(\.samples), baselineRuns: b.map(\.samples)))
        }
        let report = Gate.evaluate(inputs, policy: policy, options: options)
        let regressed = report.results.filter { $0.verdict == .regression }
        // The seed's rule: the first candidate run's mean time more than 10% above the last baseline run's.
        var seedOps: Set<String> = []
        for k in keys where k.hasSuffix("\u{1F}" + timeMetric) {
            guard let c = candidates[0].entries[k].map({ slowed($0, by: factor) }), let last = baseline.last?.entries[k] else { continue }
            if c.value > 1.10 * last.value { seedOps.insert(String(k.split(separator: "\u{1F}")[0])) }
        }
        return Decision(familyAlarm: !regressed.isEmpty,
                        regressedOps: Set(regressed.filter { $0.metric == timeMetric }.map(\.benchmark)),
                        seedAlarm: !seedOps.isEmpty, seedOps: seedOps, alarmMetrics: Set(regressed.map(\.metric)))
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    /// Wilson score interval for a proportion (Wilson 1927), 95%.
    static func wilson(_ k: Int, _ n: Int) -> String {
        guard n > 0 else { return "-" }
        let p = Double(k) / Double(n), z = 1.959964, nn = Double(n)
        let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / (1 + z * z / nn)
        return "[\(pct(max(0, centre - half))), \(pct(min(1, centre + half)))]"
    }

    static func optics(_ args: [String]) throws {
        guard let dir = args.first else { throw GateBenchError.usage }
        let window = 20
        let aa = try loadDir((dir as NSString).appendingPathComponent("aa"))
        let main = try loadDir(dir)
        guard aa.count >= 100, main.count >= 220 else { throw GateBenchError.input("\(dir): expected the 200-run A/A set and the 240-run history") }
        let ops = Array(Set(aa[0].entries.keys.filter { $0.hasSuffix("\u{1F}time") }.map { String($0.split(separator: "\u{1F}")[0]) })).sorted()
        let metrics = Set(aa[0].entries.keys.map { String($0.split(separator: "\u{1F}")[1]) }).sorted()
        print("Data: `\(dir)`: \(aa.count) A/A runs, \(main.count) history runs; \(ops.count) operations x \(metrics.count) metrics (\(metrics.joined(separator: ", "))) = \(ops.count * metrics.count) comparisons per gate decision, all in one Benjamini-Hochberg family.\n")

        struct Config { var name: String; var policy: GatePolicy; var k: Int; var window: Int; var options: GateOptions; var only: String? = nil }
        let calibrated = GatePolicy(minimumEffect: 0.02)
        let configs = [
            Config(name: "window 20, 1 candidate run, band 2%", policy: calibrated, k: 1, window: window, options: GateOptions()),
            Config(name: "window 20, 3 candidate runs, band 2%", policy: calibrated, k: 3, window: window, options: GateOptions()),
            Config(name: "window 20, 5 candidate runs, band 2%", policy: calibrated, k: 5, window: window, options: GateOptions()),
            Config(name: "window 20, 5 candidate runs, default band 10%", policy: GatePolicy(), k: 5, window: window, options: GateOptions()),
            Config(name: "window 20, 5 candidate runs, band 2%, `time` only", policy: calibrated, k: 5, window: window, options: GateOptions(), only: "time"),
            Config(name: "window 20, 10 candidate runs, band 2%, `time` only", policy: calibrated, k: 10, window: window, options: GateOptions(), only: "time"),
            Config(name: "1-run baseline, raw samples (bootstrap + Mann-Whitney), band 2%", policy: calibrated, k: 1, window: 1,
                   options: GateOptions(resamples: 2000)),
        ]

        // A/A: every A/A run (cyclically) as the start of a k-run candidate block, the `window` runs before it as baseline.
        func aaDecisions(_ c: Config, factor: Double) -> [Decision] {
            let n = aa.count
            let box = DecisionBox(count: n)
            DispatchQueue.concurrentPerform(iterations: n) { i in
                let cand = (0..<c.k).map { aa[(i + $0) % n] }
                let base = (1...c.window).reversed().map { aa[((i - $0) % n + n) % n] }
                box.set(i, decide(baseline: base, candidates: cand, factor: factor, policy: c.policy, options: c.options, onlyMetric: c.only))
            }
            return box.items
        }
        // Real injected stretches of the history (1-based runs), baseline = the `window` clean runs before `clean`.
        func injected(_ c: Config, stretch: ClosedRange<Int>, cleanEnd: Int) -> [Decision] {
            let base = Array(main[(cleanEnd - c.window)..<cleanEnd])
            let starts = Array((stretch.lowerBound - 1)...(stretch.upperBound - c.k))
            let box = DecisionBox(count: starts.count)
            DispatchQueue.concurrentPerform(iterations: starts.count) { j in
                let s = starts[j]
                box.set(j, decide(baseline: base, candidates: Array(main[s..<(s + c.k)]), factor: 1, policy: c.policy, options: c.options, onlyMetric: c.only))
            }
            return box.items
        }

        print("### A/A: family-wise false alarm rate (same code, \(aa.count) gate decisions per row)\n")
        print("A decision raises a false alarm when *any* of its comparisons is called a regression. 95% Wilson intervals.\n")
        print("| configuration | decisions | false alarms | rate | 95% interval | decisions alarmed, by metric |")
        print("|---|--:|--:|--:|---|---|")
        var seedAA: (Int, Int) = (0, 0)
        for c in configs {
            let d = aaDecisions(c, factor: 1)
            let alarms = d.filter(\.familyAlarm).count
            let byMetric = metrics.map { m in "\(m) \(d.filter { $0.alarmMetrics.contains(m) }.count)" }.joined(separator: ", ")
            print("| \(c.name) | \(d.count) | \(alarms) | \(pct(Double(alarms) / Double(d.count))) | \(wilson(alarms, d.count)) | \(byMetric) |")
            if c.k == 1 && c.window == window { seedAA = (d.filter(\.seedAlarm).count, d.count) }
        }
        print("| seed's fixed rule (avgTimeMs > 1.10 x last run, any operation) | \(seedAA.1) | \(seedAA.0) | \(pct(Double(seedAA.0) / Double(seedAA.1))) | \(wilson(seedAA.0, seedAA.1)) | time (avgTimeMs) \(seedAA.0) |")

        for (label, factor) in [("+5%", 1.05), ("+10%", 1.10)] {
            print("\n### A/B, \(label) slowdown applied to every A/A candidate run (real noise, known shift): detection per operation\n")
            print("Detection = share of the \(aa.count) decisions whose `time` comparison of that operation is a regression.\n")
            var header = "| operation | between-run CV of run medians |"
            var rule = "|---|--:|"
            for c in configs where c.window == window { header += " \(c.name) |"; rule += "--:|" }
            header += " seed's fixed rule |"; rule += "--:|"
            print(header); print(rule)
            var columns: [[Decision]] = []
            for c in configs where c.window == window { columns.append(aaDecisions(c, factor: factor)) }
            let seedColumn = aaDecisions(configs[0], factor: factor)
            for op in ops {
                let logs = aa.compactMap { $0.entries[key(op, "time")] }.map { log(median($0.samples)) }
                let m = logs.reduce(0, +) / Double(logs.count)
                let cv = (logs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(logs.count - 1)).squareRoot()
                var line = "| \(op) | \(pct(cv)) |"
                for d in columns { line += " \(pct(Double(d.filter { $0.regressedOps.contains(op) }.count) / Double(d.count))) |" }
                line += " \(pct(Double(seedColumn.filter { $0.seedOps.contains(op) }.count) / Double(seedColumn.count))) |"
                print(line)
            }
        }

        print("\n### A/B on the history's real injected slowdowns (`--inject-slowdown`): detection per operation\n")
        print("Baseline: the 20 clean runs just before each stretch; candidates: sliding blocks of k runs inside the stretch.\n")
        let stretches: [(String, ClosedRange<Int>, Int)] = [("+3%", 81...110, 80), ("+5%", 141...160, 140), ("+10%", 181...200, 180), ("+25%", 201...220, 180)]
        var header = "| operation |"
        var rule = "|---|"
        let injectedConfigs = configs.filter { $0.window == window && $0.policy == calibrated && $0.k <= 5 }
        for s in stretches { for c in injectedConfigs { header += " \(s.0), k=\(c.k)\(c.only == nil ? "" : " (time only)") |"; rule += "--:|" } }
        for s in stretches { header += " \(s.0) seed rule |"; rule += "--:|" }
        print(header); print(rule)
        var table: [[Decision]] = []
        for s in stretches { for c in injectedConfigs { table.append(injected(c, stretch: s.1, cleanEnd: s.2)) } }
        var seedTable: [[Decision]] = []
        for s in stretches { seedTable.append(injected(configs[0], stretch: s.1, cleanEnd: s.2)) }
        for op in ops {
            var line = "| \(op) |"
            for d in table { line += " \(pct(Double(d.filter { $0.regressedOps.contains(op) }.count) / Double(d.count))) |" }
            for d in seedTable { line += " \(pct(Double(d.filter { $0.seedOps.contains(op) }.count) / Double(d.count))) |" }
            print(line)
        }
        // A/A on the history's clean stretches as a second, independent A/A set.
        let clean = Array(main[0..<80])
        var alarms = 0, total = 0, seed = 0
        for i in window..<clean.count {
            let d = decide(baseline: Array(clean[(i - window)..<i]), candidates: [clean[i]], factor: 1, policy: calibrated, options: GateOptions())
            total += 1; if d.familyAlarm { alarms += 1 }; if d.seedAlarm { seed += 1 }
        }
        print("\nSecond A/A set, the history's clean runs 1-80 (window 20, 1 candidate run, band 2%): \(alarms) false alarms in \(total) decisions (\(pct(Double(alarms) / Double(total))), 95% \(wilson(alarms, total))); the seed's rule: \(seed) (\(pct(Double(seed) / Double(total)))).")
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted(); let n = s.count
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])
    }

    /// A/A on real one-value-per-run histories (github-action-benchmark data.js, gzip).
    static func histories(_ args: [String]) throws {
        let window = 20
        print("| history | suites | decisions | false alarms (all stretches) | rate | decisions without a detected change | false alarms | rate | 95% interval | seed's rule, no-change stretches |")
        print("|---|--:|--:|--:|--:|--:|--:|--:|---|--:|")
        for path in args {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "gzip -dc \"$0\"", path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let file = try Importer.parse(data, name: (path as NSString).lastPathComponent.replacingOccurrences(of: ".gz", with: ""),
                                          format: .githubActionBenchmark)
            // Series per (benchmark, metric) in run order; a "suite" = the set of benchmarks of one run entry.
            var series: [String: [(run: Int, value: Double)]] = [:]
            var units: [String: (String, GateDirection)] = [:]
            for (r, run) in file.runs.enumerated() {
                for m in run.measurements {
                    let k = key(m.benchmark, m.metric)
                    series[k, default: []].append((r, m.value))
                    units[k] = (m.unit, m.direction)
                }
            }
            // Changes found by SextantChangePoint's PELT (MBIC, robust scale) on each series: an independent method.
            var changed: [String: [Int]] = [:] // run numbers where a new segment starts
            for (k, pts) in series where pts.count >= 10 {
                let values = pts.map(\.value)
                let cps = (try? ChangePointDetector().detect(values.map { $0 > 0 ? log($0) : $0 }).changePoints.map(\.index)) ?? []
                changed[k] = cps.map { pts[$0].run }
            }
            // Decisions: for every run r with at least `window` earlier points in each of its series,
            // the family = every series measured in run r.
            var byRun: [Int: [String]] = [:]
            for (k, pts) in series { for p in pts { byRun[p.run, default: []].append(k) } }
            var decisions = 0, alarms = 0, cleanDecisions = 0, cleanAlarms = 0, seedClean = 0
            let suites = Set(file.runs.map { $0.measurements.map(\.benchmark).sorted().joined(separator: ",") }).count
            for r in byRun.keys.sorted() {
                var inputs: [GateInput] = []
                var straddles = false
                var seedFail = false
                for k in byRun[r]!.sorted() {
                    let pts = series[k]!
                    guard let idx = pts.firstIndex(where: { $0.run == r }), idx >= window else { continue }
                    let base = pts[(idx - window)..<idx]
                    let firstRun = base.first!.run
                    if let cps = changed[k], cps.contains(where: { $0 > firstRun && $0 <= r }) { straddles = true }
                    let (unit, dir) = units[k]!
                    let parts = k.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                    inputs.append(GateInput(benchmark: parts[0], metric: parts[1], unit: unit, direction: dir,
                                            candidate: [pts[idx].value], baselineRuns: base.map { [$0.value] }))
                    let last = base.last!.value
                    if dir == .lowerIsBetter ? pts[idx].value > 1.1 * last : pts[idx].value < last / 1.1 { seedFail = true }
                }
                guard !inputs.isEmpty else { continue }
                let report = Gate.evaluate(inputs, policy: GatePolicy(minimumEffect: 0.02), options: GateOptions())
                let alarm = report.results.contains { $0.verdict == .regression }
                decisions += 1; if alarm { alarms += 1 }
                if !straddles {
                    cleanDecisions += 1; if alarm { cleanAlarms += 1 }; if seedFail { seedClean += 1 }
                }
            }
            let name = (path as NSString).lastPathComponent.components(separatedBy: "__").first ?? path
            print("| \(name) | \(suites) | \(decisions) | \(alarms) | \(pct(Double(alarms) / Double(max(decisions, 1)))) | \(cleanDecisions) | \(cleanAlarms) | \(pct(Double(cleanAlarms) / Double(max(cleanDecisions, 1)))) | \(wilson(cleanAlarms, cleanDecisions)) | \(pct(Double(seedClean) / Double(max(cleanDecisions, 1)))) |")
        }
    }
}

final class DecisionBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [GateCalibration.Decision?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ d: GateCalibration.Decision) { lock.lock(); slots[i] = d; lock.unlock() }
    var items: [GateCalibration.Decision] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}

enum GateTiming {
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// CPU time (user + system) of this process so far, in seconds: on a shared machine the wall time
    /// depends on the other tenants, the CPU time much less.
    static func cpu() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }

    /// A gate over B raw-sample benchmarks (N samples each side, one-run baseline) with R resamples each.
    static func bootstrap(_ args: [String]) throws {
        let b = args.count > 0 ? Int(args[0]) ?? 200 : 200
        let r = args.count > 1 ? Int(args[1]) ?? 10_000 : 10_000
        let n = args.count > 2 ? Int(args[2]) ?? 100 : 100
        let repeats = args.count > 3 ? Int(args[3]) ?? 5 : 5
        var rng = SeededGenerator(seed: 42)
        let inputs = (0..<b).map { i in
            GateInput(benchmark: "bench_\(i)", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: (0..<n).map { _ in 1e-6 * (1 + Double.random(in: 0..<0.1, using: &rng)) },
                      baselineRuns: [(0..<n).map { _ in 1e-6 * (1 + Double.random(in: 0..<0.1, using: &rng)) }])
        }
        var times: [Double] = [], cpus: [Double] = []
        var verdicts = 0
        for _ in 0..<repeats {
            let t0 = now(), c0 = cpu()
            let report = Gate.evaluate(inputs, policy: GatePolicy(), options: GateOptions(resamples: r))
            times.append(now() - t0); cpus.append(cpu() - c0)
            verdicts = report.results.filter { $0.method == .bootstrapMedianRatio }.count
        }
        times.sort(); cpus.sort()
        print("{\"case\":\"gate-bootstrap\",\"benchmarks\":\(b),\"resamples\":\(r),\"samples_per_side\":\(n),\"bootstrapped\":\(verdicts),\"repeats\":\(repeats),\"median_s\":\(times[times.count / 2]),\"min_s\":\(times[0]),\"median_cpu_s\":\(cpus[cpus.count / 2]),\"cores\":\(ProcessInfo.processInfo.activeProcessorCount)}")
    }

    /// The batch analysis over S series of R runs each (in memory: the statistics, not the store).
    static func analyze(_ args: [String]) throws {
        let s = args.count > 0 ? Int(args[0]) ?? 1000 : 1000
        let r = args.count > 1 ? Int(args[1]) ?? 1000 : 1000
        let repeats = args.count > 2 ? Int(args[2]) ?? 3 : 3
        var rng = SeededGenerator(seed: 7)
        let inputs = (0..<s).map { i in
            AnalysisInput(benchmark: "bench_\(i)", metric: "time", unit: "s", direction: .lowerIsBetter,
                          values: (0..<r).map { j in 1e-3 * (j > r / 2 ? 1.1 : 1.0) * (1 + Double.random(in: 0..<0.05, using: &rng)) })
        }
        let policy = GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.2))
        var times: [Double] = [], cpus: [Double] = []
        for _ in 0..<repeats {
            let t0 = now(), c0 = cpu()
            let statuses = Analysis.run(inputs, policy: policy)
            times.append(now() - t0); cpus.append(cpu() - c0)
            precondition(statuses.count == s)
        }
        times.sort(); cpus.sort()
        print("{\"case\":\"gate-analyze\",\"series\":\(s),\"runs\":\(r),\"repeats\":\(repeats),\"median_s\":\(times[times.count / 2]),\"min_s\":\(times[0]),\"median_cpu_s\":\(cpus[cpus.count / 2])}")
    }
}
