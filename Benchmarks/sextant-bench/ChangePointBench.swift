// Change point cases for scripts/bench/bench_changepoint.py.
// Usage: sextant-bench changepoint ALGORITHM FILE.f64 REPEATS
//   ALGORITHM: pelt-kernel | pelt | binseg | otava | edivisive
//   FILE.f64: raw little-endian float64 values (written by the Python script, shared with the peers)
// Prints one JSON line: {"case": ..., "n": ..., "median_ms": ..., "runs_ms": [...], "change_points": k}.
import Foundation
import SextantChangePoint

enum ChangePointBench {
    static func run(_ args: [String]) throws {
        if args.first == "otava-indices", args.count >= 2 {
            let data = try Data(contentsOf: URL(fileURLWithPath: args[1]))
            let x: [Double] = data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Double.self)) }
            let idx = OtavaEDivisive.changePoints(x, windowLength: 50, maxPValue: 0.001).map(\.index)
            print("{\"indices\": \(idx)}")
            return
        }
        if args.first == "pelt-result", args.count >= 3 {
            // The PELT kernel's exact result (objective and change points), to check that a faster
            // kernel returns the same optimum: sextant-bench changepoint pelt-result FILE mbic|bic [m]
            let data = try Data(contentsOf: URL(fileURLWithPath: args[1]))
            let x: [Double] = data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Double.self)) }
            let penalty: Penalty = args[2] == "bic" ? .bic : .mbic
            let m = args.count >= 4 ? Int(args[3]) ?? 2 : 2
            let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: penalty.addsSegmentLengthTerm)
            guard let (seg, stats) = PELT.segmentMeanWithStatistics(
                cost: cost, penalty: penalty.value(n: x.count, model: .mean), minimumSegmentLength: m)
            else { print("{}"); return }
            print("{\"objective\": \(seg.objective), \"candidatesPerStep\": \(String(format: "%.2f", stats.candidatesPerStep)), \"refreshesPerStep\": \(String(format: "%.3f", stats.refreshesPerStep)), \"vectorPath\": \"\(stats.vectorPath)\", \"changePoints\": \(seg.changePoints)}")
            return
        }
        guard args.count >= 3, let repeats = Int(args[2]) else {
            FileHandle.standardError.write(Data("usage: sextant-bench changepoint ALGORITHM FILE.f64 REPEATS\n".utf8))
            exit(2)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: args[1]))
        let x: [Double] = data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Double.self)) }
        var runs: [Double] = []
        var cpuRuns: [Double] = []
        var found = 0
        for _ in 0..<max(1, repeats) {
            let cpu0 = cpuMilliseconds()
            let start = DispatchTime.now().uptimeNanoseconds
            found = detect(args[0], x)
            runs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            cpuRuns.append(cpuMilliseconds() - cpu0)
        }
        let median = runs.sorted()[runs.count / 2]
        let cpuMedian = cpuRuns.sorted()[cpuRuns.count / 2]
        let list = runs.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        print("{\"case\": \"\(args[0])\", \"n\": \(x.count), \"median_ms\": \(String(format: "%.3f", median)), \"median_cpu_ms\": \(String(format: "%.3f", cpuMedian)), \"runs_ms\": [\(list)], \"change_points\": \(found)}")
    }

    /// CPU time of the calling thread (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, nanosecond
    /// resolution), in milliseconds: on a loaded machine the wall time also counts the time other
    /// processes held the cores.
    static func cpuMilliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
    }

    static func detect(_ algorithm: String, _ x: [Double]) -> Int {
        switch algorithm {
        case "pelt-kernel":
            // The PELT kernel on data already in noise units: prefix sums + PELT with R's MBIC.
            let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: true)
            return PELT.segment(cost: cost, penalty: Penalty.mbic.value(n: x.count, model: .mean), minimumSegmentLength: 2).changePoints.count
        case "pelt-kernel-bic":
            let cost = NormalSegmentCost(x, model: .mean)
            return PELT.segment(cost: cost, penalty: Penalty.bic.value(n: x.count, model: .mean), minimumSegmentLength: 2).changePoints.count
        case "binseg-kernel":
            let cost = NormalSegmentCost(x, model: .mean, segmentLengthTerm: true)
            return BinarySegmentation.segment(cost: cost, penalty: Penalty.mbic.value(n: x.count, model: .mean), minimumSegmentLength: 2).changePoints.count
        case "otava":
            return OtavaEDivisive.changePoints(x, windowLength: 50, maxPValue: 0.001).count
        case "linear-kernel":
            // The piecewise-linear PELT kernel on data already in noise units, MBIC (4 log n + log n_j).
            let cost = NormalSegmentCost(x, model: .linear, segmentLengthTerm: true)
            return PELT.segment(cost: cost, penalty: Penalty.mbic.value(n: x.count, model: .linear), minimumSegmentLength: 3).changePoints.count
        case "pelt-mean":
            // The whole detector with the mean model only (the default before issue 13).
            var cfg = ChangePointConfiguration()
            cfg.model = .mean
            return (try? ChangePointDetector(cfg).detect(x).changePoints.count) ?? -1
        default:
            // The whole default detector: robust standardisation, search, per-change-point statistics.
            var cfg = ChangePointConfiguration()
            switch algorithm {
            case "pelt": cfg.method = .pelt
            case "binseg": cfg.method = .binseg
            case "edivisive": cfg.method = .edivisive
            default:
                FileHandle.standardError.write(Data("unknown change point algorithm \(algorithm)\n".utf8))
                exit(2)
            }
            return (try? ChangePointDetector(cfg).detect(x).changePoints.count) ?? -1
        }
    }
}
